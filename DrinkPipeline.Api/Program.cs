using DrinkPipeline.Api;
using DrinkPipeline.Api.Apis;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
// Before routing: API routes match the raw path (see RawApiPath).
app.UseRawApiPath();
app.UseRouting();

app.MapUploadsApi();
app.MapBarsApi();
app.MapPhotosApi();
app.MapSearchApi();
app.MapAdminApi();
// The API's description for integrators at /openapi/v1.json; an interactive reference at /scalar in Development.
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

app.MapDefaultEndpoints();

app.Run();
