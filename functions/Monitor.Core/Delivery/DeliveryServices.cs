using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Core.Api;

namespace Monitor.Core.Delivery;

/// <summary>Registers subscriptions and delivery: options, tokens, the email and webhook senders, the API.</summary>
public static class DeliveryServices
{
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.PublicBaseUrl.IsAbsoluteUri && o.PublicBaseUrl.Scheme is "http" or "https", "Delivery:PublicBaseUrl must be an absolute http(s) address.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeliveryOptions>, TokenKeyRequirement>();
        services.AddSingleton<SubscriptionTokens>();
        services.AddEmailSender();
        services.AddWebhookSender();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<DeliveryService>();
        services.AddSingleton<SubscriptionApi>();
        return services;
    }
}
