namespace Keygate.IntegrationTests.Infrastructure;

public static class HttpAssertions
{
    /// <summary>Fails with the response body in the message, so a failure says what the server answered.</summary>
    public static async Task ShouldHaveStatusAsync(this HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {status}, got {(int)response.StatusCode} for {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {body}");
        }
    }

    /// <summary>Asserts a problem document with the given status and code, and returns it.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, int status, string code)
    {
        await response.ShouldHaveStatusAsync(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, int status = 200)
    {
        await response.ShouldHaveStatusAsync(status);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task ShouldHaveStatusAsync(this Task<HttpResponseMessage> response, int status) =>
        await (await response).ShouldHaveStatusAsync(status);

    public static async Task<JsonElement> ShouldBeProblemAsync(this Task<HttpResponseMessage> response, int status, string code) =>
        await (await response).ShouldBeProblemAsync(status, code);

    public static async Task<JsonElement> JsonAsync(this Task<HttpResponseMessage> response, int status = 200) =>
        await (await response).JsonAsync(status);

    /// <summary>Asserts Meta's error envelope with Meta's code, a human-readable <c>error_data.details</c> and Keygate's own code in <c>error_data.keygate_code</c>.</summary>
    public static async Task<JsonElement> ShouldHaveMetaErrorAsync(this Task<HttpResponseMessage> pending, int status, int metaCode, string keygateCode)
    {
        var response = await pending;
        await response.ShouldHaveStatusAsync(status);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal(metaCode, error.GetProperty("code").GetInt32());
        Assert.Equal(keygateCode, error.GetProperty("error_data").GetProperty("keygate_code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("error_data").GetProperty("details").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("fbtrace_id").GetString()));
        Assert.StartsWith($"(#{metaCode})", error.GetProperty("message").GetString());
        return error;
    }

    /// <summary>
    /// Meta's answer for an object id it does not know (or the caller may not see): 400, GraphMethodException,
    /// code 100, subcode 33, with Keygate's <c>not_found</c>.
    /// </summary>
    public static async Task<JsonElement> ShouldBeUnknownObjectAsync(this Task<HttpResponseMessage> pending)
    {
        var error = await pending.ShouldHaveMetaErrorAsync(400, 100, "not_found");
        Assert.Equal("GraphMethodException", error.GetProperty("type").GetString());
        Assert.Equal(33, error.GetProperty("error_subcode").GetInt32());
        return error;
    }

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient client, string path, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }
}
