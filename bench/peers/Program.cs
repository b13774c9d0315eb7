using Peers;

// The gates a user might put in front of an API instead of Keygate, each answering GET /v1/ping with {"ok":true}, as
// Keygate does, so that bench/run.sh measures the gate and nothing else. One process per gate:
//
//   dotnet Peers.dll --mode baseline                      no check at all
//   dotnet Peers.dll --mode keycheck --Key ID.SECRET      a dictionary id -> SHA-256(secret), compared in constant time
//   dotnet Peers.dll --mode handler --Key ID.SECRET       the same check as an AuthenticationHandler behind a policy
//   dotnet Peers.dll --mode jwt --Jwt:Key BASE64          JwtBearer, HS256, issuer, audience and lifetime validated
//   dotnet Peers.dll --mode mint --Jwt:Key BASE64         prints a token the jwt gate accepts, and exits
//
// plus the host's usual options (--urls, --Logging:LogLevel:Default=Warning).
var builder = WebApplication.CreateBuilder(args);
var mode = builder.Configuration["mode"] ?? "baseline";
if (mode == "mint")
{
    Console.WriteLine(JwtGate.Mint(builder.Configuration));
    return;
}

switch (mode)
{
    case "baseline":
        break;
    case "keycheck":
    case "handler":
        builder.Services.AddSingleton(KeyStore.From(builder.Configuration));
        break;
    case "jwt":
        JwtGate.Add(builder);
        break;
    default:
        throw new ArgumentException($"Unknown mode '{mode}': baseline, keycheck, handler, jwt or mint.");
}
if (mode == "handler")
{
    KeyHandlerGate.Add(builder);
}

var app = builder.Build();
var ping = app.MapGet("/v1/ping", () => TypedResults.Ok(Pong.Instance));
switch (mode)
{
    case "keycheck":
        app.UseKeyCheck();
        break;
    case "handler":
    case "jwt":
        ping.RequireAuthorization();
        break;
}
app.Run();
