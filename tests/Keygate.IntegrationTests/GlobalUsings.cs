global using System.Net.Http.Json;
global using System.Text.Json;
global using Keygate.IntegrationTests.Infrastructure;
global using Microsoft.Extensions.Logging;
