using System.Text.Json;
using Keygate.Http;
using Keygate.WhatsApp.CloudApi;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Keygate.Tests.WhatsApp.CloudApi;

public sealed class CloudApiProblemWriterTests
{
    private static readonly CloudApiProblemWriter Writer = new(Options.Create(new ProblemDetailsOptions()));

    [Fact]
    public async Task AnExceptionOnTheCloudApi_IsA500InMetasEnvelope_WithoutTheException()
    {
        var (context, body) = HandlingAnExceptionOn(new EndpointMetadataCollection(CloudApiSurface.Instance));
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 500, Extensions = { ["code"] = "internal_error" } },
            Exception = new InvalidOperationException("secret internals at Keygate.Something"),
        };

        Assert.True(Writer.CanWrite(problem));
        await Writer.WriteAsync(problem);

        var text = System.Text.Encoding.UTF8.GetString(body.ToArray());
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal(1, error.GetProperty("code").GetInt32());
        Assert.Equal("internal_error", error.GetProperty("error_data").GetProperty("keygate_code").GetString());
        Assert.DoesNotContain("secret internals", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ProblemsElsewhere_AreLeftToTheDefaultWriter()
    {
        var (context, _) = HandlingAnExceptionOn(EndpointMetadataCollection.Empty);
        Assert.False(Writer.CanWrite(new ProblemDetailsContext { HttpContext = context }));
    }

    /// <summary>As the exception handler middleware leaves it: the endpoint cleared from the context, kept in the feature.</summary>
    private static (HttpContext Context, MemoryStream Body) HandlingAnExceptionOn(EndpointMetadataCollection metadata)
    {
        var body = new MemoryStream();
        var context = new DefaultHttpContext
        {
            Response = { Body = body, StatusCode = 500 },
            RequestServices = new ServiceCollection().AddSingleton<SurfacePaths>().BuildServiceProvider(), // no surface claims a path
        };
        var endpoint = new Endpoint(_ => Task.CompletedTask, metadata, "an endpoint");
        context.Features.Set<IExceptionHandlerFeature>(new ExceptionHandlerFeature { Endpoint = endpoint, Error = new InvalidOperationException(), Path = "/v23.0/1/messages" });
        return (context, body);
    }
}
