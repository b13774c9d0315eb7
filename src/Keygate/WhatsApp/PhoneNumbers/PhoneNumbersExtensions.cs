using Keygate.Keys;

namespace Keygate.WhatsApp.PhoneNumbers;

internal static class PhoneNumbersExtensions
{
    public static IServiceCollection AddKeygatePhoneNumbers(this IServiceCollection services)
    {
        services.AddSingleton<PhoneNumberDirectory>();
        services.AddScoped<IAccountPhoneNumbers, AccountPhoneNumbers>();
        services.AddScoped<ListPhoneNumbers>();
        services.AddScoped<RegisterPhoneNumber>();
        services.AddScoped<RefreshPhoneNumber>();
        services.AddScoped<UpdatePhoneNumber>();
        return services;
    }
}
