// Braintrust's feedback pattern in ASP.NET Core:
//   POST /api/answers   {"question": "..."}  -> an answer; the request span's id comes back in the x-bt-span-id header
//   POST /api/feedback  {"span_id": "...", "score": 1, "comment": "..."}  -> LogFeedback on that span
// Three scorers log child score spans under each request; the server and UI show the request's score as their average.
//
//   export BRAINTRUST_API_KEY=<your server's key>          (the project and server URL are in appsettings.json)
//   dotnet run --project samples/AspNetCoreFeedback
using AspNetCoreFeedback;
using Braintrust.Traced.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddBraintrustTraced(builder.Configuration);   // the "Braintrust" section; flushes on shutdown
builder.Services.AddSingleton<AnswerService>();
builder.Services.AddSingleton<AnswerScorers>();
builder.Services.AddProblemDetails();

var app = builder.Build();
app.UseBraintrustRequestSpans();                                // a span per request, current inside the handler

app.MapPost("/api/answers", AnswerEndpoints.AnswerAsync)
    .WithBraintrustSpan("answer_request")
    .ReturnBraintrustSpanId();                                  // x-bt-span-id: what the client sends feedback on

app.MapPost("/api/feedback", FeedbackEndpoints.SubmitFeedback)
    .WithoutBraintrustSpan();                                   // feedback updates the answer's span; it is not a trace of its own

app.Run();
