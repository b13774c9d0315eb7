using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Keygate.Keys;

internal static class KeysExtensions
{
    public static IServiceCollection AddKeygateKeys(this IServiceCollection services)
    {
        services.AddOptions<MasterKeyOptions>().BindConfiguration(MasterKeyOptions.Section);
        services.AddSingleton<SecretProtector>();
        // The session cookies' keys are sealed with the master key wherever they are stored (Storage chooses where).
        services.AddSingleton<KeyRingSealer>();
        services.AddOptions<KeyManagementOptions>().Configure<KeyRingSealer>((keys, sealer) => keys.XmlEncryptor = new KeyRingEncryptor(sealer));
        // Reading and the lifecycle, one service per verb, shared by /v1/keys and the dashboard's key pages.
        services.AddScoped<ListKeys>();
        services.AddScoped<FindKey>();
        services.AddScoped<CreateKey>();
        services.AddScoped<UpdateKey>();
        services.AddScoped<RotateKey>();
        services.AddScoped<ChangeKeyStatus>();
        return services;
    }
}
