namespace Keygate.Observability;

/// <summary>Where traces go, under <c>Observability:Otlp:</c>. With no endpoint, the default, Keygate makes no traces at all.</summary>
internal sealed class OtlpOptions
{
    public const string Section = "Observability:Otlp";

    public const string HttpProtobuf = "http/protobuf";

    public const string Grpc = "grpc";

    /// <summary>The OpenTelemetry collector's address: <c>http://collector:4318</c> (traces are posted to <c>/v1/traces</c> there), or its gRPC address.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>http/protobuf</c> (the default) or <c>grpc</c>.</summary>
    public string Protocol { get; set; } = HttpProtobuf;

    /// <summary>The share of requests traced, from 0 to 1; a request whose caller traces it follows the caller's choice.</summary>
    public double SampleRatio { get; set; } = 1;
}
