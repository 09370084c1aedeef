using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Monitor.Core.Delivery;

/// <summary>
/// Checks <see cref="DeliveryOptions"/>' keys when a host starts: each key given must be Base64 of at
/// least 32 bytes, a previous key needs the time its links stop being accepted, and outside
/// Development a key of the host's own is required, since the development key is public and links
/// signed with it can be forged by anyone who knows a subscription's id.
/// </summary>
/// <remarks>
/// Development is what the Functions runtime says (<c>AZURE_FUNCTIONS_ENVIRONMENT</c>, which Core Tools
/// sets to Development and Azure leaves at Production) or, without it, the host's environment (the local
/// host is Development unless <c>DOTNET_ENVIRONMENT</c> says otherwise). Without a host (tests, the
/// command-line tools) the development key is allowed.
/// </remarks>
public sealed class TokenKeyRequirement(IServiceProvider services) : IValidateOptions<DeliveryOptions>
{
    /// <summary>The setting the Functions runtime names its environment with.</summary>
    public const string FunctionsEnvironmentSetting = "AZURE_FUNCTIONS_ENVIRONMENT";

    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.TokenKey) && SubscriptionTokens.WhyNotAKey(options.TokenKey) is { } current)
        {
            return ValidateOptionsResult.Fail($"Delivery:TokenKey {current}.");
        }

        if (!string.IsNullOrWhiteSpace(options.PreviousTokenKey))
        {
            if (SubscriptionTokens.WhyNotAKey(options.PreviousTokenKey) is { } previous)
            {
                return ValidateOptionsResult.Fail($"Delivery:PreviousTokenKey {previous}.");
            }

            if (options.PreviousTokenKeyUntil is null)
            {
                return ValidateOptionsResult.Fail("Delivery:PreviousTokenKey needs Delivery:PreviousTokenKeyUntil, the time its links stop being accepted.");
            }
        }

        var usesPublicKey = string.IsNullOrWhiteSpace(options.TokenKey) || string.Equals(options.TokenKey.Trim(), SubscriptionTokens.DevelopmentKey, StringComparison.Ordinal);
        return usesPublicKey && EnvironmentName() is { } environment && !string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Fail(
                $"Delivery:TokenKey must be set to a key of this deployment's own outside Development (environment: {environment}): "
                + "Base64 of 32 random bytes, such as the output of `openssl rand -base64 32`; the development key is public, so links signed with it can be forged.")
            : ValidateOptionsResult.Success;
    }

    /// <summary>The environment the host runs in, or null when there is no host.</summary>
    private string? EnvironmentName()
    {
        var functions = services.GetService<IConfiguration>()?[FunctionsEnvironmentSetting];
        return !string.IsNullOrWhiteSpace(functions) ? functions : services.GetService<IHostEnvironment>()?.EnvironmentName;
    }
}
