using DrinkPipeline;
using DrinkPipeline.Api;
using DrinkPipeline.Api.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDrinkPipelineStorage();
builder.Services.AddProblemDetails();
builder.Services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.SectionName);
builder.Services.AddSingleton<PhotoUrls>();
builder.Services.AddSingleton<ApiMetrics>();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
// Before routing: API routes match the raw path (see RawApiPath).
app.UseRawApiPath();
app.UseRouting();

app.MapUploadsApi();
app.MapBarsApi();
app.MapPhotosApi();
app.MapDefaultEndpoints();

app.Run();
