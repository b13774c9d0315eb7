namespace Keygate.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that need a program from the machine (node, PostgreSQL, Redis, Chromium) skip with the
/// Debian package to install when it is missing, unless KEYGATE_REQUIRE_SERVICES=1 (as .ci/run sets), when
/// missing is a failure.
/// </summary>
public static class Services
{
    public static bool Required => Environment.GetEnvironmentVariable("KEYGATE_REQUIRE_SERVICES") == "1";

    /// <summary>Null when <paramref name="program"/> is on the PATH; otherwise the skip reason (or a failure when required).</summary>
    public static string? Missing(string program, string debianPackage)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
        return MissingUnless(found, program, debianPackage);
    }

    /// <summary>As <see cref="Missing"/>, for a program found elsewhere than on the PATH (PostgreSQL's, under /usr/lib/postgresql).</summary>
    public static string? MissingUnless(bool found, string program, string debianPackage)
    {
        if (found)
        {
            return null;
        }
        var reason = $"'{program}' is not installed: apt-get install -y {debianPackage}";
        if (Required)
        {
            Assert.Fail(reason + " (KEYGATE_REQUIRE_SERVICES=1)");
        }
        return reason;
    }
}
