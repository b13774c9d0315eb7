using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Peers;

/// <summary>
/// ASP.NET Core's JwtBearer with a shared HS256 key, configured as a service would be: issuer, audience, lifetime and
/// signature validated on every request, the endpoint behind <c>RequireAuthorization()</c>. <see cref="Mint"/> makes
/// the token the benchmark presents: an hour long, with a subject and a scope as an identity provider would issue.
/// </summary>
internal static class JwtGate
{
    private const string Issuer = "https://auth.example.test/";
    private const string Audience = "https://api.example.test/";

    public static void Add(WebApplicationBuilder builder)
    {
        var key = SigningKey(builder.Configuration);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Audience,
                IssuerSigningKey = key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidateLifetime = true,
                RequireExpirationTime = true,
            });
        builder.Services.AddAuthorization();
    }

    public static string Mint(IConfiguration configuration)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", "bench-client"), new Claim("scope", "messages:send messages:read")]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(SigningKey(configuration), SecurityAlgorithms.HmacSha256),
        });
    }

    private static SymmetricSecurityKey SigningKey(IConfiguration configuration) =>
        new(Convert.FromBase64String(configuration["Jwt:Key"] ?? throw new ArgumentException("--Jwt:Key (256 bits, base64) is required.")));
}
