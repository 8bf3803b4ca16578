using Braintrust.Traced;
using Braintrust.Traced.AspNetCore;

namespace AspNetCoreFeedback;

/// <summary>The traced request handler.</summary>
public static class AnswerEndpoints
{
    public const int MaxQuestionLength = 2000;

    public static async Task<IResult> AnswerAsync(AnswerRequest request, HttpContext context, AnswerService answers, AnswerScorers scorers)
    {
        if (string.IsNullOrWhiteSpace(request.Question))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["question"] = ["question is required."] });
        }

        if (request.Question.Length > MaxQuestionLength)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["question"] = [$"question must be at most {MaxQuestionLength} characters, not {request.Question.Length}."],
            });
        }

        var answer = await answers.AnswerAsync(request.Question);
        scorers.ScoreAll(request.Question, answer);

        // The request span records the question and answer, not just the HTTP method and path.
        var span = context.GetBraintrustSpan();
        span?.Log(input: new { question = request.Question }, output: answer);
        return Results.Ok(new AnswerResponse(answer, span?.Id));
    }
}
