using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Keygate.Authentication;
using Keygate.Keys;
using Keygate.Limits;
using Keygate.Usage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Keygate.IntegrationTests.CredentialPath;

/// <summary>
/// Counters on the seams of a credential's path, decorating the services Keygate registers: every verification of a
/// credential, every charge to a key's limits and every observation usage and misuse receive, by key id.
/// </summary>
internal sealed class CountingSeams
{
    private readonly ConcurrentQueue<string> _verified = new();
    private readonly ConcurrentQueue<(string KeyId, Charge Charge)> _charges = new();
    private readonly ConcurrentQueue<KeyRequest> _observed = new();
    private readonly ConcurrentQueue<AcceptedMessage> _accepted = new();
    private int _handlersAsked;
    private int _policiesEvaluated;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _firstObservation = new(StringComparer.Ordinal);

    /// <summary>A host on <paramref name="store"/> whose verifier, limiter and observers pass through these counters.</summary>
    public KeygateApp Host(Store store) => KeygateApp.WithServices(services =>
    {
        services.AddSingleton<IKeyVerifier>(provider => new Verifier(provider.GetRequiredService<KeyVerifier>(), this));
        services.AddSingleton<IKeyLimiter>(provider => new Limiter(provider.GetRequiredService<KeyLimiter>(), this));
        services.AddSingleton<IKeyRequestObserver>(new Observer(this));
        services.AddSingleton<IAuthorizationService>(provider =>
            new Authorizer(ActivatorUtilities.CreateInstance<DefaultAuthorizationService>(provider), this));
        services.AddScoped<IAuthenticationHandlerProvider>(provider =>
            new HandlerProvider(ActivatorUtilities.CreateInstance<AuthenticationHandlerProvider>(provider), this));
    }, store);

    /// <summary>How many times anything asked ASP.NET Core for an authentication handler, of any scheme.</summary>
    public int HandlersAsked => Volatile.Read(ref _handlersAsked);

    /// <summary>How many times anything asked ASP.NET Core's authorization to evaluate a policy.</summary>
    public int PoliciesEvaluated => Volatile.Read(ref _policiesEvaluated);

    public int Verifications(string keyId) => _verified.Count(id => id == keyId);

    public IReadOnlyList<Charge> Charges(string keyId) => [.. _charges.Where(c => c.KeyId == keyId).Select(c => c.Charge)];

    public IReadOnlyList<KeyRequest> Observations(string keyId) => [.. _observed.Where(r => r.Key.Id == keyId)];

    public IReadOnlyList<AcceptedMessage> AcceptedLater(string keyId) => [.. _accepted.Where(m => m.Key.Id == keyId)];

    /// <summary>
    /// Completes once a request of the key has been observed. The observation is the last step of a request, and may come
    /// just after its answer reached the client; everything else the request did happened before it.
    /// </summary>
    public Task ObservedAsync(string keyId) =>
        _firstObservation.GetOrAdd(keyId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

    private sealed class Verifier(IKeyVerifier inner, CountingSeams counts) : IKeyVerifier
    {
        public ValueTask<KeySnapshot?> FindAsync(string keyId, CancellationToken cancellationToken) => inner.FindAsync(keyId, cancellationToken);

        public ValueTask<Verification> VerifySecretAsync(string keyId, ReadOnlyMemory<char> secret, IPAddress? address, CancellationToken cancellationToken)
        {
            counts._verified.Enqueue(keyId);
            return inner.VerifySecretAsync(keyId, secret, address, cancellationToken);
        }

        public Verification VerifySecret(KeySnapshot key, ReadOnlySpan<char> secret, IPAddress? address)
        {
            counts._verified.Enqueue(key.Id);
            return inner.VerifySecret(key, secret, address);
        }

        public ValueTask<Verification> VerifySignedAsync(SignedCredentials signed, Func<Task<string>> canonical, IPAddress? address,
            CancellationToken cancellationToken)
        {
            counts._verified.Enqueue(signed.KeyId);
            return inner.VerifySignedAsync(signed, canonical, address, cancellationToken);
        }
    }

    private sealed class HandlerProvider(IAuthenticationHandlerProvider inner, CountingSeams counts) : IAuthenticationHandlerProvider
    {
        public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme)
        {
            Interlocked.Increment(ref counts._handlersAsked);
            return inner.GetHandlerAsync(context, authenticationScheme);
        }
    }

    private sealed class Authorizer(IAuthorizationService inner, CountingSeams counts) : IAuthorizationService
    {
        public Task<AuthorizationResult> AuthorizeAsync(ClaimsPrincipal user, object? resource, IEnumerable<IAuthorizationRequirement> requirements)
        {
            Interlocked.Increment(ref counts._policiesEvaluated);
            return inner.AuthorizeAsync(user, resource, requirements);
        }

        public Task<AuthorizationResult> AuthorizeAsync(ClaimsPrincipal user, object? resource, string policyName)
        {
            Interlocked.Increment(ref counts._policiesEvaluated);
            return inner.AuthorizeAsync(user, resource, policyName);
        }
    }

    private sealed class Limiter(IKeyLimiter inner, CountingSeams counts) : IKeyLimiter
    {
        public ValueTask<LimitDecision> TryAcquireAsync(KeySnapshot key, Charge charge, CancellationToken cancellationToken)
        {
            counts._charges.Enqueue((key.Id, charge));
            return inner.TryAcquireAsync(key, charge, cancellationToken);
        }
    }

    private sealed class Observer(CountingSeams counts) : IKeyRequestObserver
    {
        public void Observe(in KeyRequest request)
        {
            counts._observed.Enqueue(request);
            counts._firstObservation.GetOrAdd(request.Key.Id, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))
                .TrySetResult();
        }

        public void ObserveAccepted(in AcceptedMessage message) => counts._accepted.Enqueue(message);
    }
}
