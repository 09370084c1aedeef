using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Monitor.Core.Classification;

/// <summary>Registers the topics and the classifier.</summary>
public static class ClassificationServices
{
    public static IServiceCollection AddClassification(this IServiceCollection services)
    {
        services.AddOptions<ClassificationOptions>()
            .BindConfiguration(ClassificationOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => Directory.Exists(o.ResolveTopicsPath()), "Classification:TopicsPath must name an existing folder of topic files.")
            .ValidateOnStart();
        // A factory, because TopicCatalog's two one-argument constructors are ambiguous to the container.
        services.AddSingleton(provider => new TopicCatalog(provider.GetRequiredService<IOptions<ClassificationOptions>>()));
        services.AddSingleton<ArticleClassifier>();
        return services;
    }
}
