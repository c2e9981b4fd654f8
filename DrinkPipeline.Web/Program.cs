using DrinkPipeline.Web;
using DrinkPipeline.Web.UploadOutcomes;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

// First: the client address and scheme everything after it sees (the upload limit, cookies' Secure flag).
app.UseLoadBalancerForwarding(app.Configuration);
// Also in Development: people using the app never see a stack trace (developers have the logs and traces).
app.UseExceptionHandler("/Error");
app.UseStatusCodePagesWithReExecute("/Error", "?status={0}");
app.UseSecurityHeaders(SecurityHeaders.StorageOrigin(app.Configuration));
app.UseStaticFiles();
app.UseLibheif();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapRazorPages();
app.MapUploadOutcomes();
app.MapSharedPhotoImages();
app.MapShareTarget();
app.MapDefaultEndpoints();

app.Run();
