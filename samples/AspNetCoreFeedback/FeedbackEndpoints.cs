using Braintrust.Traced;

namespace AspNetCoreFeedback;

/// <summary>Turns a user's rating into Braintrust feedback on the answer's span.</summary>
public static class FeedbackEndpoints
{
    public const string UserRating = "user_rating";
    public const int MaxCommentLength = 2000;

    public static IResult SubmitFeedback(FeedbackRequest request, BraintrustLogger logger)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        // In a real app, check that this span id was handed to this user (keep it in their session) before accepting
        // feedback on it: ids are not secrets, and the API key lets the app update any span of its organization.
        logger.LogFeedback(
            request.SpanId!,
            scores: new Dictionary<string, double?> { [UserRating] = request.Score },
            comment: string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment,
            metadata: new Dictionary<string, object?> { ["via"] = "feedback_endpoint" });
        return Results.Accepted();
    }

    private static Dictionary<string, string[]> Validate(FeedbackRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.SpanId))
        {
            errors["span_id"] = ["span_id is required: the x-bt-span-id header of the answer being rated."];
        }
        else if (request.SpanId.Length > 128 || !request.SpanId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            errors["span_id"] = ["span_id must be a span id (letters, digits, '-' and '_', at most 128 characters)."];
        }

        if (request.Score is not { } score)
        {
            errors["score"] = ["score is required: a number from 0 (bad) to 1 (good)."];
        }
        else if (double.IsNaN(score) || score is < 0 or > 1)
        {
            errors["score"] = [$"score must be between 0 and 1, not {score}."];
        }

        if (request.Comment is { Length: > MaxCommentLength })
        {
            errors["comment"] = [$"comment must be at most {MaxCommentLength} characters, not {request.Comment.Length}."];
        }

        return errors;
    }
}
