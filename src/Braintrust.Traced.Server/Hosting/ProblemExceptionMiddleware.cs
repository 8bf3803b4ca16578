using Braintrust.Traced.Server.Json;
using Braintrust.Traced.Server.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Braintrust.Traced.Server.Hosting;

/// <summary>Turns validation failures anywhere in a request into RFC 7807 answers (400/404/413).</summary>
internal sealed class ProblemExceptionMiddleware(RequestDelegate next, ServerOptions options, ILogger<ProblemExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (RowValidationException e) when (!context.Response.HasStarted)
        {
            // Field and reason describe the shape of the input, never its content or the caller's key.
            logger.LogInformation("Rejected {Method} {Path}: row {Row} field {Field}: {Reason}",
                context.Request.Method, context.Request.Path, e.RowIndex, e.Field, e.Reason);
            await ProblemResponses.InvalidRow(e).ExecuteAsync(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && IsTooLarge(e))
        {
            logger.LogInformation("Rejected {Method} {Path}: body over {Limit} bytes", context.Request.Method, context.Request.Path, options.MaxBodyBytes);
            await ProblemResponses.PayloadTooLarge(options.MaxBodyBytes).ExecuteAsync(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await ProblemResponses.Problem(e.StatusCode, "bad-request", "Bad request", e.Message).ExecuteAsync(context);
        }
    }

    private static bool IsTooLarge(Exception e)
        => e is PayloadTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };
}
