using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitor.Core;
using Monitor.Core.Delivery;

namespace Monitor.Functions;

/// <summary>
/// The Functions app's wiring, in one place: <c>Program.cs</c> builds and runs it, and the tests build
/// the same host to resolve and invoke its functions.
/// </summary>
public static class FunctionsApp
{
    /// <summary>An environment variable the platform sets on every instance in Azure, never Core Tools or a test machine.</summary>
    public const string AzureInstanceSetting = "WEBSITE_INSTANCE_ID";

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
        services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();
        services.AddMonitorCore();

        // Locally an unset key falls back to the public development key; in Azure that would let anyone forge links.
        services.AddOptions<DeliveryOptions>().Validate(
            o => !InAzure(configuration) || !string.IsNullOrWhiteSpace(o.TokenKey),
            "Delivery:TokenKey is required in Azure (WEBSITE_INSTANCE_ID is set): give the app a Key Vault reference to a Base64 key of 32 random bytes or more (azd env set DELIVERY_TOKEN_KEY).");
        return services;
    }

    private static bool InAzure(IConfiguration configuration) => !string.IsNullOrEmpty(configuration[AzureInstanceSetting]);
}
