using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Monitor.Core.Delivery;

/// <summary>Registers the email sender. Logging comes from the host; <see cref="TimeProvider"/> too, else the system's.</summary>
public static class EmailServices
{
    public static IServiceCollection AddEmailSender(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EmailSender>();
        return services;
    }
}
