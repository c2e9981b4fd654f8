using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;

using DrinkPipeline.Worker;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDrinkPipelineStorage();
builder.Services.AddOptions<WorkerOptions>()
    .BindConfiguration(WorkerOptions.SectionName)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddOptions<ImagingOptions>()
    .BindConfiguration(ImagingOptions.SectionName)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<PipelineMetrics>();
builder.Services.AddOptions<OutcomePushOptions>().BindConfiguration(OutcomePushOptions.SectionName);
builder.Services.AddHttpClient(nameof(UploadOutcomePublisher));
builder.Services.AddSingleton<UploadOutcomePublisher>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<UploadOutcomePublisher>());
builder.Services.AddScoped<PhotoProcessor>();
builder.Services.AddHostedService<PhotoEventsWorker>();
builder.Services.AddHostedService<DeadLetterQueueMonitor>();
builder.Services.AddHostedService<CatalogUpgradeService>();

// The worker serves only health endpoints; hosting on WebApplication lets the AppHost wait for it like any service.
var app = builder.Build();
// Before it reports healthy: the first photos after a start were the slowest of a paced run (docs/benchmarks.md).
DrinkPipeline.Imaging.PhotoImaging.WarmUp(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImagingOptions>>().Value.Limits);
app.MapDefaultEndpoints();
app.Run();
