namespace Keygate.IntegrationTests.Authorization;

/// <summary>
/// One account's objects of every kind (the targets), and the callers the route matrix sends at them: another
/// tenant with every power, keys of the account lacking one permission, a development key with every permission,
/// nobody. Made once for the matrix; every probe is a refusal, so nothing here changes under it.
/// </summary>
public class RouteMatrixWorld : IAsyncLifetime
{
    public const string Everything = "everything";

    private readonly Dictionary<string, HttpClient> _lacking = new(StringComparer.Ordinal);
    private readonly Store _store;

    public RouteMatrixWorld() : this(Store.Sqlite)
    {
    }

    protected RouteMatrixWorld(Store store) => _store = store;

    public KeygateApp App { get; private set; } = null!;
    /// <summary>Meta, for the account's real number, whose Graph calls pass through.</summary>
    public FakeMeta Meta { get; private set; } = null!;
    public Dictionary<string, string> Objects { get; } = new(StringComparer.Ordinal);
    public HttpClient OtherTenantKey { get; private set; } = null!;
    public HttpClient OtherTenantSession { get; private set; } = null!;
    public DashboardSession? OtherTenantDashboard { get; private set; }
    public HttpClient DevelopmentKey { get; private set; } = null!;
    public HttpClient EveryPermissionKey { get; private set; } = null!;
    public CreatedKey EveryPermissionCredential { get; private set; } = null!;
    public CreatedKey DevelopmentCredential { get; private set; } = null!;
    public DashboardSession? ViewerDashboard { get; private set; }
    public HttpClient TenantOwnerSession { get; private set; } = null!;
    public string[] AllPermissions { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Meta = await FakeMeta.StartAsync();
        App = KeygateApp.On(_store, [.. WebhookApp.LoopbackAllowed, ("Meta:BaseUrl", Meta.Address.ToString())]);
        var owner = await App.OwnerAsync();
        AllPermissions = [.. (await owner.GetAsync("/v1/permissions").JsonAsync()).EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];
        var sandbox = await Sandbox.OfAsync(owner);
        EveryPermissionCredential = await App.CreateKeyAsync(new { permissions = AllPermissions });
        EveryPermissionKey = App.ClientFor(EveryPermissionCredential);

        Objects["key"] = (await App.CreateKeyAsync(new { environment = "production", permissions = new[] { "messages:send" } })).Id;
        Objects["number"] = sandbox.PhoneNumberId;
        Objects["waba"] = sandbox.WabaId;
        (Objects["metaNumber"], Objects["metaWaba"]) = ("106540352242800", "102290129340800");
        Meta.Owns(FakeMeta.AccessToken, Objects["metaNumber"], Objects["metaWaba"]);
        await owner.PostAsJsonAsync("/v1/phone-numbers", new
        {
            phoneNumberId = Objects["metaNumber"],
            wabaId = Objects["metaWaba"],
            displayNumber = "+1 555 010 0800",
            accessToken = FakeMeta.AccessToken,
            appSecret = "matrix-app-secret",
        }).ShouldHaveStatusAsync(201);
        Objects["wamid"] = (await EveryPermissionKey.PostAsJsonAsync(sandbox.MessagesPath, Sandbox.HelloWorld()).JsonAsync())
            .GetProperty("messages")[0].GetProperty("id").GetString()!;
        using (var media = new MultipartFormDataContent { { new StringContent("whatsapp"), "messaging_product" }, { new StringContent("image/jpeg"), "type" } })
        {
            media.Add(new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]) { Headers = { ContentType = new("image/jpeg") } }, "file", "a.jpg");
            Objects["media"] = (await EveryPermissionKey.PostAsync($"/v23.0/{sandbox.PhoneNumberId}/media", media).JsonAsync()).GetProperty("id").GetString()!;
        }
        Objects["contact"] = (await EveryPermissionKey.PostAsJsonAsync("/v1/contacts", new { waId = "15550002222", name = "Target" }).JsonAsync(201))
            .GetProperty("id").GetString()!;
        Objects["webhook"] = (await EveryPermissionKey.PostAsJsonAsync("/v1/webhooks", new { url = "http://127.0.0.1:9/hook", events = new[] { "messages" } })
            .JsonAsync(201)).GetProperty("id").GetString()!;
        Objects["user"] = (await owner.InviteAsync("viewer")).Id;
        Objects["alert"] = (await App.RaiseCanaryAlertAsync()).Id;
        var viewer = await owner.InviteAsync("viewer");
        ViewerDashboard = await DashboardSession.LoginAsync(App, viewer.Email, viewer.Password);

        var other = await App.NewAccountAsync();
        Objects["account"] = other.AccountId;
        OtherTenantKey = App.ClientFor(await App.CreateKeyAsync(new { permissions = AllPermissions }, by: other.Owner));
        OtherTenantDashboard = await DashboardSession.LoginAsync(App, other.Email, other.Password);
        OtherTenantSession = TenantOwnerSession = other.Owner;
        DevelopmentCredential = await App.CreateKeyAsync(new { environment = "development", permissions = AllPermissions });
        DevelopmentKey = App.ClientFor(DevelopmentCredential);
    }

    /// <summary>A production key of the account holding every permission but <paramref name="permission"/>.</summary>
    public async Task<HttpClient> KeyLackingAsync(string permission)
    {
        if (!_lacking.TryGetValue(permission, out var client))
        {
            var key = await App.CreateKeyAsync(new { permissions = AllPermissions.Where(p => p != permission).ToArray() });
            _lacking[permission] = client = App.ClientFor(key);
        }
        return client;
    }

    /// <summary>A production key of the account holding every permission but all of <paramref name="permissions"/>.</summary>
    public async Task<HttpClient> KeyLackingAllAsync(string[] permissions) =>
        App.ClientFor(await App.CreateKeyAsync(new { permissions = AllPermissions.Except(permissions).ToArray() }));

    /// <summary>A client that does not follow redirects (a browser's view of a page), with a key's credentials if given.</summary>
    public HttpClient PageClient(CreatedKey? key = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = App.BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", $"{key.Id}.{key.Secret}");
        }
        return client;
    }

    /// <summary>The route's path with the account's objects in place of <c>{key}</c>, <c>{number}</c>, ….</summary>
    public string Fill(string template)
    {
        foreach (var (name, id) in Objects)
        {
            template = template.Replace("{" + name + "}", id, StringComparison.Ordinal);
        }
        return template;
    }

    public async ValueTask DisposeAsync()
    {
        ViewerDashboard?.Dispose();
        OtherTenantDashboard?.Dispose();
        await App.DisposeAsync();
        await Meta.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same, on PostgreSQL.</summary>
public sealed class PostgresRouteMatrixWorld() : RouteMatrixWorld(Store.PostgreSql);
