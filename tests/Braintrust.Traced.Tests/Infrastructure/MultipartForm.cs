using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Braintrust.Traced.Tests.Infrastructure;

/// <summary>A multipart/form-data body read back into its parts, in the order sent (the fake storage service checks it).</summary>
internal sealed record MultipartForm(IReadOnlyList<string> Names, IReadOnlyDictionary<string, string> Values)
{
    public static async Task<MultipartForm> ReadAsync(HttpContext context, string body)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(context.Request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, new MemoryStream(Encoding.UTF8.GetBytes(body)));
        var names = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var name = ContentDispositionHeaderValue.Parse(section.ContentDisposition).Name.Value!.Trim('"');
            names.Add(name);
            values[name] = await new StreamReader(section.Body).ReadToEndAsync();
        }

        return new MultipartForm(names, values);
    }
}
