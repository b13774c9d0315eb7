using System.Globalization;
using System.Text;
using System.Text.Json;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.Audit;

/// <summary>
/// <c>GET /v1/audit/export?format=csv|jsonl</c>: every matching entry of the caller's account, oldest first
/// (the chain's order), streamed row by row so that a long trail never sits in memory.
/// </summary>
internal static class ExportAuditEvents
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly string[] CsvColumns =
    [
        "sequence", "occurredAt", "type", "eventNumber", "actorType", "actorId", "sourceAddress",
        "targetType", "targetId", "changes", "previousHash", "hash",
    ];

    public static Results<PushStreamHttpResult, ProblemHttpResult> Handle(
        string? format, [AsParameters] AuditFilter filter, HttpContext http, KeygateDbContext db, IOptions<JsonOptions> json)
    {
        var errors = new FieldErrors();
        if (format is not ("csv" or "jsonl"))
        {
            errors.Add("format", "One of csv, jsonl.");
        }
        var query = filter.Query(db, Caller.From(http.User), errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        var rows = query.OrderBy(e => e.Sequence).AsAsyncEnumerable();
        var cancellationToken = http.RequestAborted;
        return format == "csv"
            ? TypedResults.Stream(stream => WriteCsvAsync(stream, rows, cancellationToken), "text/csv; charset=utf-8", "audit.csv")
            : TypedResults.Stream(stream => WriteJsonLinesAsync(stream, rows, json.Value.SerializerOptions, cancellationToken), "application/x-ndjson", "audit.jsonl");
    }

    private static async Task WriteCsvAsync(Stream stream, IAsyncEnumerable<AuditEvent> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, Utf8, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', CsvColumns));
        await foreach (var entry in rows.WithCancellation(cancellationToken))
        {
            // Changes as stored, byte for byte: what the hash covers, so the export can be checked offline.
            // Every free-text value sits inside that JSON, which starts with '{', so no cell can start a spreadsheet formula.
            string?[] cells =
            [
                entry.Sequence.ToString(CultureInfo.InvariantCulture),
                entry.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
                AuditNames.Of(entry.Type),
                ((int)entry.Type).ToString(CultureInfo.InvariantCulture),
                AuditNames.Of(entry.ActorType),
                entry.ActorId,
                entry.SourceAddress,
                AuditNames.Of(entry.TargetType),
                entry.TargetId,
                entry.Changes,
                entry.PreviousHash,
                entry.Hash,
            ];
            await writer.WriteLineAsync(string.Join(',', cells.Select(Csv)));
        }
    }

    private static async Task WriteJsonLinesAsync(Stream stream, IAsyncEnumerable<AuditEvent> rows, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, Utf8, leaveOpen: true) { NewLine = "\n" };
        await foreach (var entry in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(entry.ToResponse(), options));
        }
    }

    /// <summary>RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Csv(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
