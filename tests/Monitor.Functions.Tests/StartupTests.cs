using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Functions.Tests.Infrastructure;

namespace Monitor.Functions.Tests;

/// <summary>
/// The app's start without Azure: what <c>IHost.StartAsync</c> checks before the worker connects to
/// the Functions host (the options registered with <c>ValidateOnStart</c>), so that a missing or
/// wrong setting stops the app at start with its name, not at the first request.
/// </summary>
[TestClass]
public sealed class StartupTests
{
    private const string ApplicationInsights = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    [TestMethod]
    public async Task The_app_passes_its_start_checks_with_the_sample_settings_and_no_Application_Insights_connection_string()
    {
        var settings = FunctionsAppHost.SampleSettings();
        Assert.IsFalse(settings.ContainsKey(ApplicationInsights), "the sample holds no Application Insights connection string");
        Assert.IsNull(Environment.GetEnvironmentVariable(ApplicationInsights), "nor does this machine's environment");

        await using var app = FunctionsAppHost.Build(settings);

        app.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    [TestMethod]
    [DataRow("Storage:ConnectionString", "", "Set Storage:ConnectionString")]
    [DataRow("Storage:ConnectionString", "AccountName=;Nonsense", "Storage:ConnectionString is not a storage connection string")]
    [DataRow("Delivery:TokenKey", "not base64!", "Delivery:TokenKey must be Base64")]
    [DataRow("Delivery:TokenKey", "c2hvcnQga2V5", "Delivery:TokenKey must hold at least 32 bytes")]
    [DataRow("Processing:MaxAttempts", "0", "MaxAttempts")]
    public async Task The_app_fails_at_start_naming_a_setting_that_is_missing_or_wrong(string setting, string value, string message)
    {
        var settings = FunctionsAppHost.SampleSettings();
        settings[setting] = value;
        await using var app = FunctionsAppHost.Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(app));

        StringAssert.Contains(error.Message, message);
    }

    [TestMethod]
    public async Task In_Azure_the_app_fails_at_start_without_a_Delivery_TokenKey()
    {
        var settings = FunctionsAppHost.SampleSettings();
        settings[FunctionsApp.AzureInstanceSetting] = "instance-0";
        settings[Monitor.Core.Delivery.TokenKeyRequirement.FunctionsEnvironmentSetting] = "Production";
        await using var app = FunctionsAppHost.Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(app));

        StringAssert.Contains(error.Message, "Delivery:TokenKey is required in Azure");
    }

    [TestMethod]
    public async Task In_Azure_the_app_passes_its_start_checks_with_a_Delivery_TokenKey()
    {
        var settings = FunctionsAppHost.SampleSettings();
        settings[FunctionsApp.AzureInstanceSetting] = "instance-0";
        settings[Monitor.Core.Delivery.TokenKeyRequirement.FunctionsEnvironmentSetting] = "Production";
        settings["Delivery:TokenKey"] = Convert.ToBase64String(new byte[32]);
        await using var app = FunctionsAppHost.Build(settings);

        app.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    /// <summary>Starts the host as <c>Run</c> does; a start that got past the checks would try to reach the Functions host.</summary>
    private static async Task StartAsync(FunctionsAppHost app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.Host.StartAsync(timeout.Token);
    }
}
