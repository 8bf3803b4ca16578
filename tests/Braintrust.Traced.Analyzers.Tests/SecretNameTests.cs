using Braintrust.Traced.Analyzers.Model;

namespace Braintrust.Traced.Analyzers.Tests;

/// <summary>The word rules behind BTT007: secrets are flagged, the many harmless "token"/"key" names of LLM code are not.</summary>
public sealed class SecretNameTests
{
    [TestCase("password")]
    [TestCase("userPassword")]
    [TestCase("PASSWORD")]
    [TestCase("pwd")]
    [TestCase("apiKey")]
    [TestCase("api_key")]
    [TestCase("apikey")]
    [TestCase("openAiApiKey")]
    [TestCase("privateKey")]
    [TestCase("token")]
    [TestCase("accessToken")]
    [TestCase("bearer_token")]
    [TestCase("secret")]
    [TestCase("clientSecret")]
    [TestCase("connectionString")]
    [TestCase("ConnectionString")]
    [TestCase("credentials")]
    [TestCase("passphrase")]
    [TestCase("authorization")]
    public void SecretNamesAreFlagged(string name)
    {
        Assert.That(SecretName.LooksSecret(name), Is.True);
    }

    [TestCase("maxTokens")]
    [TestCase("tokenCount")]
    [TestCase("tokens")]
    [TestCase("cancellationToken")]
    [TestCase("pageToken")]
    [TestCase("continuationToken")]
    [TestCase("cacheKey")]
    [TestCase("idempotencyKey")]
    [TestCase("key")]
    [TestCase("secretName")]
    [TestCase("passwordPolicy")]
    [TestCase("prompt")]
    [TestCase("text")]
    public void HarmlessNamesAreNotFlagged(string name)
    {
        Assert.That(SecretName.LooksSecret(name), Is.False);
    }

    [TestCase("apiKey", new[] { "api", "key" })]
    [TestCase("HTTPToken", new[] { "http", "token" })]
    [TestCase("client_secret", new[] { "client", "secret" })]
    [TestCase("@password", new[] { "password" })]
    public void NamesSplitIntoWords(string name, string[] words)
    {
        Assert.That(SecretName.SplitWords(name), Is.EqualTo(words));
    }
}
