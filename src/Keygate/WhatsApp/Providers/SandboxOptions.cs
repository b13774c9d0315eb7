namespace Keygate.WhatsApp.Providers;

internal sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Time between a sandbox message's status steps: sent at once, delivered after one step, read after two.</summary>
    public int StatusStepMilliseconds { get; set; } = 1000;

    /// <summary>Recipients whose number ends with these digits get a "failed" status with Meta's 131026 error, for testing failure handling.</summary>
    public string FailingSuffix { get; set; } = "0000";
}
