namespace Keygate.Http;

/// <summary>The <c>code</c> of the problem document a response carried, remembered for usage and misuse.</summary>
internal sealed record ProblemCode(string Code);
