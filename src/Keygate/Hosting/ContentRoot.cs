namespace Keygate.Hosting;

/// <summary>
/// Where Keygate reads its shipped files (<c>appsettings.json</c>, <c>wwwroot</c>): the folder that holds Keygate.dll,
/// wherever it is started from. ASP.NET Core's default is the working directory, so a published build started from
/// any other folder silently ran without its settings (Entity Framework then logged every command) and its pages'
/// assets. The working directory still decides where a relative data directory goes (Storage/StorageOptions).
/// </summary>
internal static class ContentRoot
{
    /// <summary>The folder beside Keygate.dll, unless the operator named one (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>).</summary>
    public static string? For(string[] args)
    {
        var named = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.ContentRootKey];
        return named is null ? AppContext.BaseDirectory : null;
    }
}
