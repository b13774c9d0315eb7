using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Keygate.Coordination;
using Keygate.Keys;
using Keygate.Usage;

namespace Keygate.Misuse;

/// <summary>
/// The detectors: each looks at one answered request against the key's remembered activity and may
/// raise a suspicion. Each runs inside an update of the key's <see cref="IMisuseState"/>, in constant time.
/// </summary>
internal static class Detectors
{
    /// <summary>Wrong secrets for one key: past the threshold, wrong secrets are refused for a doubling while.</summary>
    public static AlertDraft? SecretGuessing(KeyActivity activity, in KeyRequest request, MisuseOptions.GuessingOptions options)
    {
        var now = request.At;
        activity.WrongSecrets++;
        Trim(activity.Failures, now - TimeSpan.FromSeconds(options.WindowSeconds));
        activity.Failures.Enqueue(now);
        if (request.Address is { } address && activity.GuessAddresses.Count < 20)
        {
            activity.GuessAddresses.Add(address.ToString());
        }
        if (activity.Failures.Count < options.Failures || now < activity.GuessingLockedUntil)
        {
            return null;
        }
        var seconds = Math.Min(options.MaxLockSeconds, options.FirstLockSeconds * Math.Pow(2, Math.Min(activity.GuessingLocks, 20)));
        var evidence = new JsonObject
        {
            ["failures"] = activity.Failures.Count,
            ["windowSeconds"] = options.WindowSeconds,
            ["addresses"] = new JsonArray([.. activity.GuessAddresses.Order(StringComparer.Ordinal).Select(a => (JsonNode)a)]),
            ["lockedForSeconds"] = (int)seconds,
        };
        activity.LockGuessing(now + TimeSpan.FromSeconds(seconds));
        return new AlertDraft(request.Key, AlertKind.SecretGuessing, AlertSeverity.High, evidence, AlertAction.GuessingLocked);
    }

    /// <summary>An hour far above the key's own trailing hourly average.</summary>
    public static AlertDraft? VolumeSpike(KeyActivity activity, in KeyRequest request, MisuseOptions.VolumeOptions options)
    {
        var hour = request.At.ToUnixTimeSeconds() / 3600;
        var ring = options.BaselineHours + 1;
        if (activity.Hours.Length != ring)
        {
            activity.Hours = new long[ring];
            activity.NewestHour = hour;
        }
        if (activity.FirstHour < 0)
        {
            activity.FirstHour = hour;
        }
        for (var h = activity.NewestHour + 1; h <= hour && h <= activity.NewestHour + ring; h++)
        {
            activity.Hours[h % ring] = 0;
        }
        activity.NewestHour = Math.Max(activity.NewestHour, hour);
        var current = ++activity.Hours[hour % ring];

        var history = Math.Min(hour - activity.FirstHour, options.BaselineHours);
        if (history < options.MinHistoryHours || activity.SpikeReportedHour == hour)
        {
            return null;
        }
        var past = 0L;
        for (var h = hour - history; h < hour; h++)
        {
            past += activity.Hours[h % ring];
        }
        var baseline = (double)past / history;
        if (current <= Math.Max(options.MinRequests, options.Factor * baseline))
        {
            return null;
        }
        activity.SpikeReportedHour = hour;
        return new AlertDraft(request.Key, AlertKind.VolumeSpike, AlertSeverity.Medium, new JsonObject
        {
            ["requestsThisHour"] = current,
            ["baselinePerHour"] = Math.Round(baseline, 2),
            ["baselineHours"] = history,
            ["factor"] = options.Factor,
        });
    }

    /// <summary>Far more distinct recipients in an hour than the key's trailing hourly average.</summary>
    public static AlertDraft? RecipientFanOut(KeyActivity activity, KeySnapshot key, string recipient, DateTimeOffset at, MisuseOptions.FanOutOptions options)
    {
        var hour = at.ToUnixTimeSeconds() / 3600;
        var ring = options.BaselineHours + 1;
        if (activity.RecipientHours.Length != ring)
        {
            activity.RecipientHours = new long[ring];
        }
        if (activity.FirstRecipientHour < 0)
        {
            activity.FirstRecipientHour = activity.RecipientHour = hour;
        }
        if (hour > activity.RecipientHour)
        {
            for (var h = activity.RecipientHour + 1; h <= hour && h <= activity.RecipientHour + ring; h++)
            {
                activity.RecipientHours[h % ring] = 0;
            }
            activity.RecipientHour = hour;
            activity.RecipientsThisHour.Clear();
        }
        // Memory per key stays bounded: past 10,000 distinct recipients in an hour the count stops, the alert has long fired.
        if (activity.RecipientsThisHour.Count < 10_000 && activity.RecipientsThisHour.Add(recipient))
        {
            // Counted up, not set to this node's own count: with shared baselines the hour holds every node's recipients.
            activity.RecipientHours[hour % ring]++;
            activity.Share?.Recipient(hour, recipient);
        }
        var current = activity.RecipientHours[hour % ring];
        var history = Math.Min(hour - activity.FirstRecipientHour, options.BaselineHours);
        if (history < options.MinHistoryHours || activity.FanOutReportedHour == hour)
        {
            return null;
        }
        var past = 0L;
        for (var h = hour - history; h < hour; h++)
        {
            past += activity.RecipientHours[h % ring];
        }
        var baseline = (double)past / history;
        if (current <= Math.Max(options.MinRecipients, options.Factor * baseline))
        {
            return null;
        }
        activity.FanOutReportedHour = hour;
        return new AlertDraft(key, AlertKind.RecipientFanOut, AlertSeverity.High, new JsonObject
        {
            ["recipientsThisHour"] = current,
            ["baselinePerHour"] = Math.Round(baseline, 2),
            ["baselineHours"] = history,
            ["factor"] = options.Factor,
        });
    }

    /// <summary>A source network the key has not been used from, once the key's learning time is over.</summary>
    public static AlertDraft? NewNetwork(KeyActivity activity, in KeyRequest request, MisuseOptions.NetworkOptions options)
    {
        if (request.Address is not { } address || address.Equals(activity.LastAddress))
        {
            return null;
        }
        activity.LastAddress = address;
        if (activity.Networks.Count == 0)
        {
            activity.FirstSeen = request.At;
        }
        var network = NetworkOf(address, options);
        if (activity.Networks.Contains(network) || activity.Networks.Count >= options.MaxNetworks)
        {
            return null;
        }
        activity.Networks.Add(network);
        activity.Share?.Network(network);
        if (request.At - activity.FirstSeen < TimeSpan.FromHours(options.LearningHours))
        {
            return null;
        }
        return new AlertDraft(request.Key, AlertKind.NewNetwork, AlertSeverity.Low, new JsonObject
        {
            ["network"] = network,
            ["address"] = address.ToString(),
            ["knownNetworks"] = activity.Networks.Count - 1,
        });
    }

    /// <summary>Requests refused for a rate limit or quota, again and again.</summary>
    public static AlertDraft? SustainedRefusals(KeyActivity activity, in KeyRequest request, MisuseOptions.RefusalOptions options)
    {
        if (request.Outcome is not (Outcomes.RateLimited or Outcomes.QuotaExceeded))
        {
            return null;
        }
        var window = TimeSpan.FromSeconds(options.WindowSeconds);
        Trim(activity.Refusals, request.At - window);
        activity.Refusals.Enqueue(request.At);
        if (activity.Refusals.Count < options.Refusals || request.At - activity.RefusalsReportedAt < window)
        {
            return null;
        }
        activity.RefusalsReportedAt = request.At;
        return new AlertDraft(request.Key, AlertKind.SustainedRefusals, AlertSeverity.Medium, new JsonObject
        {
            ["refusals"] = activity.Refusals.Count,
            ["windowSeconds"] = options.WindowSeconds,
        });
    }

    /// <summary>A single event that is suspicious in itself (a revoked, expired or canary key used with its secret).</summary>
    public static AlertDraft? Once(KeyActivity activity, in KeyRequest request, AlertKind kind, AlertSeverity severity)
    {
        if (activity.LastReported.TryGetValue((int)kind, out var last) && request.At - last < TimeSpan.FromMinutes(1))
        {
            return null;
        }
        activity.LastReported[(int)kind] = request.At;
        return new AlertDraft(request.Key, kind, severity, new JsonObject
        {
            ["address"] = request.Address?.ToString(),
            ["endpointGroup"] = request.Group,
            ["outcome"] = request.Outcome,
        });
    }

    public static string NetworkOf(IPAddress address, MisuseOptions.NetworkOptions options)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var prefix = address.AddressFamily == AddressFamily.InterNetwork ? options.IPv4PrefixLength : options.IPv6PrefixLength;
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }
        return $"{new IPAddress(bytes)}/{prefix}";
    }

    private static void Trim(Queue<DateTimeOffset> times, DateTimeOffset oldest)
    {
        while (times.Count > 0 && times.Peek() < oldest)
        {
            times.Dequeue();
        }
    }
}
