using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;

namespace DrinkPipeline.Worker;

public static class Extensions
{
    /// <summary>Everything the worker registers besides the service defaults.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddDrinkPipelineStorage();
        var services = builder.Services;
        services.AddValidatedOptions<WorkerOptions>(WorkerOptions.SectionName);
        services.AddValidatedOptions<ImagingOptions>(ImagingOptions.SectionName);
        services.AddValidatedOptions<OutcomePushOptions>(OutcomePushOptions.SectionName);
        services.AddSingleton<PipelineMetrics>();
        services.AddHttpClient(nameof(UploadOutcomePublisher));
        services.AddSingleton<UploadOutcomePublisher>();
        services.AddHostedService(provider => provider.GetRequiredService<UploadOutcomePublisher>());
        services.AddScoped<PhotoProcessor>();
        services.AddHostedService<PhotoEventsWorker>();
        services.AddHostedService<DeadLetterQueueMonitor>();
        services.AddHostedService<OneOffPassesService>();
        return builder;
    }
}
