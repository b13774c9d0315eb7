using System.Text.Json;

namespace Keygate.WhatsApp.Messages;

/// <summary>A send request that passed Meta's shape rules: who to, what type, and the type's object as sent.</summary>
internal sealed record OutgoingMessage(
    string To,
    string WaId,
    string Type,
    JsonElement Content,
    string? ContextMessageId,
    TemplateReference? Template);

/// <summary>The template a template message names, with the components (and their parameters) it gives, as sent; <c>Undefined</c> when none.</summary>
internal sealed record TemplateReference(string Name, string Language, JsonElement Components);

/// <summary>A request that breaks Meta's rules, told with Meta's code.</summary>
internal sealed record MessageRejection(int MetaCode, string Message, string Details = "invalid_request", int Status = 400);
