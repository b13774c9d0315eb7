using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.IntegrationTests.Authorization;

/// <summary>
/// Every route of every surface (<c>/v1</c>, the Cloud API under <c>/{version}</c>, the dashboard pages) against the
/// callers who must be refused: nobody, a key lacking the route's permission, another tenant, and (where the
/// environment rule applies) a development key. The first test keeps the table whole: a new route without a row
/// fails it.
/// </summary>
public class RouteMatrixTests(RouteMatrixWorld world) : IClassFixture<RouteMatrixWorld>
{
    /// <summary>What a route needs: a permission (several, '|': holding any one of them is enough), or one of these.</summary>
    private const string AnyCaller = "any", Session = "session", UserManager = "user-manager", Operator = "operator";

    /// <summary>An API route: its method, its path with the account's objects as placeholders, what it needs, a body.</summary>
    public sealed record Api(string Method, string Path, string Needs, string? Body = null, (int Status, string Code)? Development = null)
    {
        public bool IsCloudApi => Path.StartsWith("/v23.0/", StringComparison.Ordinal);
        public bool NamesAnObject => Path.Contains('{', StringComparison.Ordinal);
        public override string ToString() => $"{Method} {Path}";
    }

    private static readonly (int, string) EnvironmentRefused = (403, "environment_not_allowed");

    public static readonly Api[] ApiRoutes =
    [
        new("GET", "/v1/whoami", AnyCaller),
        new("GET", "/v1/permissions", AnyCaller),
        new("GET", "/v1/ping", AnyCaller),
        new("POST", "/v1/auth/logout", AnyCaller),
        new("POST", "/v1/auth/password", Session, """{"currentPassword":"x","newPassword":"y"}"""),
        new("GET", "/v1/accounts", Operator),
        new("POST", "/v1/accounts", Operator, """{"name":"n","ownerEmail":"n@example.com"}"""),
        new("PATCH", "/v1/accounts/{account}", Operator, "{}"),
        new("GET", "/v1/users", Session),
        new("POST", "/v1/users", UserManager, """{"email":"new@example.com","role":"viewer"}"""),
        new("PATCH", "/v1/users/{user}", UserManager, """{"role":"admin"}"""),
        new("POST", "/v1/users/{user}/disable", UserManager),
        new("POST", "/v1/users/{user}/enable", UserManager),
        new("GET", "/v1/keys", "keys:read"),
        new("POST", "/v1/keys", "keys:manage", """{"name":"matrix-made","environment":"production"}"""),
        new("GET", "/v1/keys/{key}", "keys:read"),
        new("PATCH", "/v1/keys/{key}", "keys:manage", """{"ipAllowlist":[]}""", EnvironmentRefused),
        new("POST", "/v1/keys/{key}/rotate", "keys:manage", """{"gracePeriodSeconds":0}""", EnvironmentRefused),
        new("POST", "/v1/keys/{key}/disable", "keys:manage", Development: EnvironmentRefused),
        new("POST", "/v1/keys/{key}/enable", "keys:manage", Development: EnvironmentRefused),
        new("POST", "/v1/keys/{key}/revoke", "keys:manage", Development: EnvironmentRefused),
        new("POST", "/v1/keys/verify", "keys:verify", """{"apiKey":"kg_live_0000000000000000000000","apiSecret":"x"}"""),
        new("GET", "/v1/keys/{key}/usage", "usage:read"),
        new("GET", "/v1/keys/{key}/allowances", "keys:read"),
        new("GET", "/v1/usage", "usage:read"),
        new("GET", "/v1/alerts", "keys:read"),
        new("POST", "/v1/alerts/{alert}/resolve", "keys:manage"),
        new("GET", "/v1/audit", "audit:read"),
        new("GET", "/v1/audit/export", "audit:read"),
        new("GET", "/v1/audit/verify", "audit:read"),
        new("GET", "/v1/contacts", "contacts:read"),
        new("POST", "/v1/contacts", "contacts:write", """{"waId":"15550003333"}"""),
        new("GET", "/v1/contacts/{contact}", "contacts:read"),
        new("PATCH", "/v1/contacts/{contact}", "contacts:write", """{"name":"Changed"}"""),
        new("DELETE", "/v1/contacts/{contact}", "contacts:write"),
        new("GET", "/v1/messages", "messages:read"),
        new("GET", "/v1/messages/{wamid}", "messages:read"),
        new("GET", "/v1/webhooks", "webhooks:manage"),
        new("POST", "/v1/webhooks", "webhooks:manage", """{"url":"http://127.0.0.1:9/other","events":["messages"]}"""),
        new("GET", "/v1/webhooks/{webhook}", "webhooks:manage"),
        new("PATCH", "/v1/webhooks/{webhook}", "webhooks:manage", """{"description":"changed"}"""),
        new("DELETE", "/v1/webhooks/{webhook}", "webhooks:manage"),
        new("POST", "/v1/webhooks/{webhook}/rotate-secret", "webhooks:manage"),
        new("POST", "/v1/webhooks/{webhook}/test", "webhooks:manage"),
        new("GET", "/v1/webhooks/{webhook}/deliveries", "webhooks:manage"),
        new("GET", "/v1/phone-numbers", "keys:manage"),
        new("POST", "/v1/phone-numbers", "keys:manage", """{"phoneNumberId":"123","wabaId":"456","displayNumber":"+1 555","accessToken":"t","appSecret":"s"}"""),
        new("GET", "/v1/phone-numbers/{number}", "keys:manage"),
        new("PATCH", "/v1/phone-numbers/{number}", "keys:manage", """{"testRecipients":["15550004444"]}"""),
        new("POST", "/v1/phone-numbers/{number}/refresh", "keys:manage"),
        new("GET", "/v1/phone-numbers/{number}/templates", "templates:read"),
        new("POST", "/v1/sandbox/inbound", "messages:send", """{"phoneNumberId":"{number}","from":"15550001111","text":"hi"}"""),
        new("GET", "/v1/media/{media}/download", "media:read"),
        new("POST", "/v23.0/{number}/messages",
            "messages:send|messages:send-template|messages:send-marketing-template|messages:send-utility-template|messages:send-authentication-template",
            """{"messaging_product":"whatsapp","to":"15550001111","type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}}""",
            (403, "recipient_not_allowed")),
        new("POST", "/v23.0/{number}/media", "media:write", """{"messaging_product":"whatsapp"}"""),
        new("GET", "/v23.0/{media}", "media:read"),
        new("DELETE", "/v23.0/{media}", "media:write"),
        new("GET", "/v23.0/{waba}/message_templates", "templates:read"),
        new("POST", "/v23.0/{waba}/message_templates", "templates:write", """{"name":"matrix","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Hi"}]}"""),
        new("DELETE", "/v23.0/{waba}/message_templates?name=hello_world", "templates:write"),
        // Graph calls on the account's real number, passed through to Meta (GraphPassThrough, and the numeric-id routes it shares).
        new("GET", "/v23.0/{metaNumber}", "phone-numbers:read", Development: EnvironmentRefused),
        new("GET", "/v23.0/{metaNumber}/whatsapp_business_profile", "phone-numbers:read", Development: EnvironmentRefused),
        new("POST", "/v23.0/{metaNumber}/whatsapp_business_profile", "phone-numbers:manage", """{"messaging_product":"whatsapp","about":"x"}""", EnvironmentRefused),
        new("POST", "/v23.0/{metaNumber}/register", "phone-numbers:manage", """{"messaging_product":"whatsapp","pin":"123456"}""", EnvironmentRefused),
        new("GET", "/v23.0/{metaWaba}/phone_numbers", "phone-numbers:read", Development: EnvironmentRefused),
        new("GET", "/v23.0/{metaWaba}/flows", "flows:read", Development: EnvironmentRefused),
        new("POST", "/v23.0/{metaWaba}/flows", "flows:write", """{"name":"f","categories":["OTHER"]}""", EnvironmentRefused),
        new("GET", "/v23.0/{metaWaba}?fields=analytics", "analytics:read", Development: EnvironmentRefused),
        new("POST", "/v23.0/{metaNumber}/whatsapp_commerce_settings", "commerce:manage", """{"is_cart_enabled":true}""", EnvironmentRefused),
        new("POST", "/v23.0/{metaWaba}/message_templates", "templates:write", """{"name":"m","language":"en_US","category":"UTILITY","components":[]}""", EnvironmentRefused),
        new("GET", "/v23.0/{metaWaba}/subscribed_apps", "webhooks:manage", Development: EnvironmentRefused),
    ];

    /// <summary>A dashboard page (GET) and the permission its page model demands.</summary>
    public sealed record Page(string Path, string Needs)
    {
        public bool NamesAnObject => Path.Contains('{', StringComparison.Ordinal);
        public override string ToString() => Path;
    }

    public static readonly Page[] Pages =
    [
        new("/dashboard/integration", AnyCaller),
        new("/dashboard/integration/api-keys", AnyCaller),
        new("/dashboard/integration/api-keys/new", "keys:manage"),
        new("/dashboard/integration/api-keys/{key}", "keys:read"),
        new("/dashboard/integration/api-keys/{key}/edit", "keys:manage"),
        new("/dashboard/integration/api-keys/{key}/rotate", "keys:manage"),
        new("/dashboard/integration/api-keys/{key}/revoke", "keys:manage"),
        new("/dashboard/integration/webhooks", "webhooks:manage"),
        new("/dashboard/integration/webhooks/new", "webhooks:manage"),
        new("/dashboard/integration/webhooks/{webhook}", "webhooks:manage"),
        new("/dashboard/integration/phone-numbers", "keys:manage"),
        new("/dashboard/alerts", "keys:read"),
        new("/dashboard/users", AnyCaller),
        new("/dashboard/audit", "audit:read"),
        new("/dashboard/account/password", AnyCaller),
    ];

    /// <summary>
    /// Routes that answer anyone by design (health, metrics for a scraper on the same machine, which MetricsTests shows
    /// refusing every other address, the API description, logging in and out, Meta's signed webhook, the
    /// redirects to the dashboard, its static files), and the alert Resolve page, whose GET only redirects to the list
    /// and whose POST is the handler of <c>POST /v1/alerts/{id}/resolve</c>, in the table.
    /// </summary>
    private static readonly string[] Open = ["/healthz", "/readyz", "/metrics", "/openapi", "/docs", "/v1/auth/login", "/webhooks/meta", "/dashboard/login",
        "/dashboard/logout", "/dashboard/status", "/dashboard/alerts/{id}/resolve"];

    public static TheoryData<Api> ApiCases => [.. ApiRoutes];
    public static TheoryData<Page> PageCases => [.. Pages];

    [Fact]
    public void EveryRoute_HasARowInTheMatrix()
    {
        var rows = ApiRoutes.Select(r => $"{r.Method} {Shape(r.Path.Split('?')[0])}")
            .Concat(Pages.Select(p => $"GET {Shape(p.Path)}")).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var endpoint in world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (path is "/" or "/dashboard" || path.Split('/')[^1].Contains('.', StringComparison.Ordinal) || path.Contains(":file}", StringComparison.Ordinal)
                || Open.Any(open => path.StartsWith(open, StringComparison.Ordinal)))
            {
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                var shape = $"{method} {Shape(path)}";
                if (!rows.Contains(shape) && !(method == "POST" && rows.Contains($"GET {Shape(path)}") && path.StartsWith("/dashboard", StringComparison.Ordinal)))
                {
                    missing.Add($"{method} {path}");
                }
            }
        }
        Assert.True(missing.Count == 0, "Routes with no row in the authorization matrix: " + string.Join(", ", missing.Distinct()));
    }

    [Theory]
    [MemberData(nameof(ApiCases))]
    public async Task Anonymous_IsAskedForCredentials(Api route)
    {
        var response = await SendAsync(world.App.Anonymous(), route);
        await ExpectRefusalAsync(route, response, 401, "missing_credentials");
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
    }

    [Theory]
    [MemberData(nameof(ApiCases))]
    public async Task KeyWithoutTheRoutesPermission_IsForbidden(Api route)
    {
        var caller = route.Needs switch
        {
            AnyCaller => null,
            // Session-only routes: a key holding every permission is still not a person.
            Session or UserManager => world.EveryPermissionKey,
            // An owner runs a tenant, not the installation.
            Operator => world.TenantOwnerSession,
            var needs => await world.KeyLackingAsync(needs),
        };
        if (caller is null)
        {
            return; // Open to every authenticated caller by design.
        }
        if (route.Needs.Contains('|', StringComparison.Ordinal))
        {
            caller = await world.KeyLackingAllAsync(route.Needs.Split('|'));
        }
        await ExpectRefusalAsync(route, await SendAsync(caller, route), 403, "insufficient_permissions");
    }

    [Theory]
    [MemberData(nameof(ApiCases))]
    public async Task AnotherTenant_FindsNothingOfThisAccount(Api route)
    {
        if (!route.NamesAnObject || route.Needs == Operator)
        {
            return; // Lists and creates act on the caller's own account: OtherTenant_ListsShowNoneOfThisAccount covers them.
        }
        var caller = route.Needs is Session or UserManager ? world.OtherTenantSession : world.OtherTenantKey;
        // Meta answers an id it will not show with 400 (GraphMethodException, subcode 33), not 404.
        await ExpectRefusalAsync(route, await SendAsync(caller, route), route.IsCloudApi ? 400 : 404, "not_found");
    }

    [Theory]
    [MemberData(nameof(ApiCases))]
    public async Task DevelopmentKey_IsRefusedWhereTheEnvironmentRuleApplies(Api route)
    {
        if (route.Development is not { } refused)
        {
            return; // The environment rule does not apply here: a development key with the permission may call it.
        }
        await ExpectRefusalAsync(route, await SendAsync(world.DevelopmentKey, route), refused.Status, refused.Code);
    }

    [Fact]
    public async Task DevelopmentKey_VerifyingAProductionKey_IsToldOnlyThatItMayNot()
    {
        var live = await world.App.CreateKeyAsync(new { environment = "production" });
        var answer = await world.DevelopmentKey.PostAsJsonAsync("/v1/keys/verify", new { apiKey = live.Id, apiSecret = live.Secret }).JsonAsync();
        Assert.Equal("environment_not_allowed", answer.GetProperty("code").GetString());
    }

    [Fact]
    public async Task OtherTenant_ListsShowNoneOfThisAccount()
    {
        foreach (var list in new[] { "/v1/keys", "/v1/contacts", "/v1/messages", "/v1/webhooks", "/v1/phone-numbers", "/v1/alerts", "/v1/audit", "/v1/usage?groupBy=key" })
        {
            var text = await (await world.OtherTenantKey.GetAsync(list)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            foreach (var (name, id) in world.Objects.Where(o => o.Key != "account"))
            {
                Assert.False(text.Contains(id, StringComparison.Ordinal), $"{list} shows another tenant's {name} {id}");
            }
        }
        var users = await (await world.OtherTenantSession.GetAsync("/v1/users")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(world.Objects["user"], users, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task DashboardPage_SendsAnyoneWithoutASessionToLogIn_KeysIncluded(Page page)
    {
        foreach (var key in new[] { null, world.EveryPermissionCredential, world.DevelopmentCredential })
        {
            var response = await world.PageClient(key).GetAsync(world.Fill(page.Path), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{key?.Id ?? "nobody"} got {(int)response.StatusCode} for {page.Path}");
            Assert.StartsWith("/dashboard/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task DashboardPage_IsForbiddenToAUserWhoseRoleLacksItsPermission(Page page)
    {
        if (page.Needs is not ("keys:manage" or "webhooks:manage"))
        {
            return; // A viewer holds every read permission these pages need.
        }
        await world.ViewerDashboard!.PageAsync(world.Fill(page.Path), status: 403);
    }

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task DashboardPage_OfThisAccountsObject_IsNotFoundForAnotherTenant(Page page)
    {
        if (!page.NamesAnObject)
        {
            return;
        }
        await world.OtherTenantDashboard!.PageAsync(world.Fill(page.Path), status: 404);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, Api route)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), world.Fill(route.Path));
        if (route.Body is not null)
        {
            request.Content = new StringContent(world.Fill(route.Body), Encoding.UTF8, "application/json");
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task ExpectRefusalAsync(Api route, HttpResponseMessage response, int status, string code)
    {
        if (route.IsCloudApi)
        {
            var metaCode = status switch { 401 => 190, 403 => 200, _ => 100 };
            await Task.FromResult(response).ShouldHaveMetaErrorAsync(status, metaCode, code);
        }
        else
        {
            await response.ShouldBeProblemAsync(status, code);
        }
    }

    /// <summary>A route's path with every parameter, however named or constrained, as <c>{}</c>.</summary>
    private static string Shape(string path)
    {
        var shape = new StringBuilder();
        var depth = 0;
        foreach (var c in path)
        {
            if (c == '{')
            {
                depth++;
                if (depth == 1)
                {
                    shape.Append("{}");
                }
            }
            else if (c == '}')
            {
                depth--;
            }
            else if (depth == 0)
            {
                shape.Append(c);
            }
        }
        return shape.ToString().Replace("/v23.0/", "/{}/", StringComparison.Ordinal).TrimEnd('/');
    }
}

/// <summary>The same tests on PostgreSQL.</summary>
public sealed class RouteMatrixTestsOnPostgres(PostgresRouteMatrixWorld world) : RouteMatrixTests(world), IClassFixture<PostgresRouteMatrixWorld>;
