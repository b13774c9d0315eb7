namespace Keygate.WhatsApp.Contacts;

internal static class ContactsExtensions
{
    public static IServiceCollection AddKeygateContacts(this IServiceCollection services)
    {
        services.AddSingleton<ContactBook>();
        services.AddScoped<CreateContact>();
        services.AddScoped<UpdateContact>();
        services.AddScoped<DeleteContact>();
        return services;
    }
}
