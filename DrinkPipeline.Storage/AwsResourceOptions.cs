using System.ComponentModel.DataAnnotations;

namespace DrinkPipeline.Storage;

/// <summary>
/// Names of the stack's resources, set by the AppHost from the CloudFormation outputs as <c>AWS__Resources__*</c>.
/// </summary>
public sealed class AwsResourceOptions
{
    public const string SectionName = "AWS:Resources";

    [Required] public string BucketName { get; set; } = "";
    [Required] public string QueueUrl { get; set; } = "";
    [Required] public string DeadLetterQueueUrl { get; set; } = "";
    [Required] public string DrinksTableName { get; set; } = "";
    [Required] public string PhotosTableName { get; set; } = "";
    [Required] public string UploadsTableName { get; set; } = "";
    [Required] public string BarsTableName { get; set; } = "";
    [Required] public string CoordinationTableName { get; set; } = "";
    [Required] public string SearchWordsTableName { get; set; } = "";
}
