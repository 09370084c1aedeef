using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitor.Core;
using Monitor.Core.Delivery;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Monitor.Functions;

/// <summary>
/// The Functions app's wiring, in one place: <c>Program.cs</c> builds and runs it, and the tests build
/// the same host to resolve and invoke its functions.
/// </summary>
public static class FunctionsApp
{
    /// <summary>An environment variable the platform sets on every instance in Azure, never Core Tools or a test machine.</summary>
    public const string AzureInstanceSetting = "WEBSITE_INSTANCE_ID";

    /// <summary>The app setting Azure gives an app connected to Application Insights.</summary>
    public const string ApplicationInsightsSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The app setting that tells how to sign in to Application Insights.</summary>
    public const string ApplicationInsightsAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The worker's host builder, with the ASP.NET Core integration and every service of the app registered.</summary>
    public static FunctionsApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddMonitorFunctions(builder.Configuration);
        return builder;
    }

    /// <summary>The services of the app: telemetry, the core pipeline, and what Azure requires beyond a laptop.</summary>
    public static IServiceCollection AddMonitorFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        // OpenTelemetry, as the host's telemetryMode in host.json: the worker's own spans and the
        // core's (MonitorTelemetry), to Azure Monitor when the app has a connection string.
        var telemetry = services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource(MonitorTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(MonitorTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(configuration[ApplicationInsightsSetting]))
        {
            telemetry.UseAzureMonitorExporter(o => o.Credential = AzureMonitorCredential(configuration[ApplicationInsightsAuthenticationSetting]));
        }

        services.AddMonitorCore();

        // Locally an unset key falls back to the public development key; in Azure that would let anyone forge links.
        services.AddOptions<DeliveryOptions>().Validate(
            o => !InAzure(configuration) || !string.IsNullOrWhiteSpace(o.TokenKey),
            "Delivery:TokenKey is required in Azure (WEBSITE_INSTANCE_ID is set): give the app a Key Vault reference to a Base64 key of 32 random bytes or more (azd env set DELIVERY_TOKEN_KEY).");
        return services;
    }

    /// <summary>
    /// The identity the exporter signs in with when Application Insights takes Entra ID
    /// authentication only (<c>ClientId=…;Authorization=AAD</c>, as infra sets it); null: the connection string's key.
    /// </summary>
    private static TokenCredential? AzureMonitorCredential(string? authentication)
    {
        var parts = (authentication ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var kind) || !string.Equals(kind, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    private static bool InAzure(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[AzureInstanceSetting]);
}
