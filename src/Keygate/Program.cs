using Keygate.Accounts;
using Keygate.Audit;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Coordination;
using Keygate.Dashboard;
using Keygate.Docs;
using Keygate.Health;
using Keygate.Hosting;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Limits;
using Keygate.Misuse;
using Keygate.Observability;
using Keygate.Storage;
using Keygate.Usage;
using Keygate.Verifying;
using Keygate.Webhooks;
using Keygate.WhatsApp;
using Keygate.WhatsApp.Contacts;

// appsettings.json and wwwroot beside Keygate.dll, whichever folder it is started from
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.For(args) });
// Run from a build (`dotnet run`) in any environment, the dashboard's assets come from the project; ASP.NET Core does this
// only in Development, and elsewhere answered them empty. A published build carries its assets and ignores it.
builder.WebHost.UseStaticWebAssets();

// ASP.NET Core's request-start lines carry the full URL, query string included; Keygate logs its own (Http/RequestLogging).
// Off entirely: enabled at any level, the category opens a log scope and starts an Activity for every request.
builder.Logging.AddFilter(RequestLogging.HostingDiagnosticsCategory, LogLevel.None);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(options => JsonSetup.Configure(options.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true); // unreadable input → 400 problem
builder.Services.AddKeygateProblemDetails();      // every non-2xx is a problem document with a stable code
builder.Services.AddKeygateApiSurface();          // /v1: problem documents and the management body cap
builder.Services.AddSingleton<RequestLogKeyId>(Caller.KeyIdOf); // the key id in each request's log line
builder.Services.AddKeygateStorage(builder.Configuration); // EF Core on SQLite or PostgreSQL (Storage:Provider), data protection keys under Storage:DataDirectory
builder.Services.AddKeygateCoordination(builder.Configuration); // shared state: in-process, or Redis for many nodes (Coordination:Provider)
builder.Services.AddKeygateKeys();                // secret encryption for signing keys
builder.Services.AddKeygateAuthentication();      // API keys and dashboard sessions
builder.Services.AddKeygateAuthorization();       // one policy per permission
builder.Services.AddKeygateLimits();              // rate-limit windows and durable quotas per key
builder.Services.AddKeygateUsage();               // per-minute usage counts, written in batches
builder.Services.AddKeygateMisuse();              // misuse detectors, alerts, the guessing lock
builder.Services.AddKeygateWhatsApp();            // phone numbers, templates, messages, the sandbox provider
builder.Services.AddKeygateAccounts();            // bootstrap, login throttling
builder.Services.AddKeygateAudit();               // the hash-chained audit trail, written with each change it records
builder.Services.AddKeygateContacts();            // WhatsApp contacts: tags, custom fields, opt-in for sending
builder.Services.AddKeygateWebhooks();            // outbound webhooks: subscriptions, a durable delivery queue, signed sends
builder.Services.AddKeygateHealth();
builder.Services.AddKeygateObservability(builder.Configuration); // OpenTelemetry metrics (Keygate's meter, .NET's HTTP client); traces when Observability:Otlp:Endpoint is set
builder.Services.AddKeygateApiDocs();
builder.Services.AddKeygateDashboard();           // server-rendered pages under /dashboard, session cookie and antiforgery

var app = builder.Build();

if (!await app.PrepareKeygateStorageAsync(args))  // the schema brought up to date; `migrate` stops there
{
    return;
}
await app.BootstrapKeygateAsync();

app.UseKeygateTrustedProxies();                   // the client's address and scheme, as a configured reverse proxy reports them
app.UseKeygateHsts();                             // answers over HTTPS keep the browser on HTTPS
app.UseExceptionHandler();
app.UseKeygateStatusPages();                      // HTML for the dashboard, problem documents for the APIs
app.UseRouting();                                 // after the status pages, so that re-executing one routes it afresh
app.UseCredentialsInUrlGuard();                   // 400 before a secret in the URL goes anywhere
app.UseKeygateRequestLimits();                    // body caps before anything reads a body
app.UseKeygateAuthentication();                   // API keys straight through the verifier; the session cookie when one is sent
app.UseSessionOriginCheck();                      // a session changes things only from Keygate's own origin, never from another site
app.UseKeyRequestObservation();                   // usage and misuse see every key's request once it is answered
app.UseKeygateRequestLogging();                   // one line per request, with the key id
app.UseKeygateAuthorization();                    // a key holding the endpoint's permissions goes on; anything else, ASP.NET Core's authorization
app.UsePasswordChangeGate();                      // a handed-out password opens only its own change, logout and whoami
app.UseKeygateLimits();                           // after authorization: a refused request spends nothing

app.MapKeygateHealth();
app.MapKeygateMetrics();                          // /metrics for Prometheus, to a scraper on the same machine
app.MapKeygateApiDocs();
var api = app.MapApiGroup();                      // every /v1 endpoint is mapped in it, which marks its surface
api.MapKeygateAccounts();                         // /v1/auth, /v1/accounts
api.MapKeyEndpoints();                            // /v1/keys
api.MapKeyVerification();                         // /v1/keys/verify, for services that use Keygate as their key checker
api.MapPing();                                    // /v1/ping, the cheapest check of a caller's own key
api.MapAllowanceEndpoints();                      // /v1/keys/{id}/allowances
api.MapUsageEndpoints();                          // /v1/keys/{id}/usage, /v1/usage
api.MapAlertEndpoints();                          // /v1/alerts
app.MapKeygateWhatsApp(api);                      // /{version}/… (Cloud API), /v1/phone-numbers, /v1/messages, /v1/sandbox
api.MapPermissionEndpoints();                     // /v1/permissions
api.MapAuditEndpoints();                          // /v1/audit
api.MapContactEndpoints();                        // /v1/contacts
api.MapWebhookEndpoints();                        // /v1/webhooks
api.MapWhoAmI().OpenBeforePasswordChange();       // /v1/whoami, open before a handed-out password is replaced
app.MapKeygateDashboard();                        // /dashboard (and / redirects there)

app.Run();
