namespace Keygate.Keys;

internal static class KeysExtensions
{
    public static IServiceCollection AddKeygateKeys(this IServiceCollection services)
    {
        services.AddOptions<MasterKeyOptions>().BindConfiguration(MasterKeyOptions.Section);
        services.AddSingleton<SecretProtector>();
        return services;
    }
}
