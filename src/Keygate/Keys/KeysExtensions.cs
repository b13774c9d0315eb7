namespace Keygate.Keys;

internal static class KeysExtensions
{
    public static IServiceCollection AddKeygateKeys(this IServiceCollection services)
    {
        services.AddOptions<MasterKeyOptions>().BindConfiguration(MasterKeyOptions.Section);
        services.AddSingleton<SecretProtector>();
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
