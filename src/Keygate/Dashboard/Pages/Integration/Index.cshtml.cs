namespace Keygate.Dashboard.Pages;

/// <summary>Integration: the way in to API keys, phone numbers and webhooks.</summary>
internal sealed class IntegrationModel : DashboardPage;
