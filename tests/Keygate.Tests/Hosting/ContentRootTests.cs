using Keygate.Hosting;

namespace Keygate.Tests.Hosting;

public sealed class ContentRootTests
{
    [Fact]
    public void Unnamed_IsTheFolderHoldingKeygate_NotTheWorkingDirectory() =>
        Assert.Equal(AppContext.BaseDirectory, ContentRoot.For([]));

    [Theory]
    [InlineData("--contentRoot", "/srv/keygate")]
    [InlineData("--contentRoot=/srv/keygate", null)]
    public void NamedOnTheCommandLine_IsLeftToTheHost(string first, string? second) =>
        Assert.Null(ContentRoot.For(second is null ? [first] : [first, second]));
}
