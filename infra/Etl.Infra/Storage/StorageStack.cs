using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;
using Etl.Infra.Settings;

namespace Etl.Infra.Storage;

/// <summary>
/// The three buckets of the storage layout (DESIGN.md): input (uploads/, kept 30 days), output (output/) and artifacts
/// (runs/, versioned, to Infrequent Access after 30 days and Glacier after 90). All private, TLS only, encrypted; the
/// only way in or out for a person is a presigned URL. The buckets are RETAINed: deleting the stack never deletes data.
/// </summary>
public sealed class StorageStack : Stack
{
    public const int InputExpirationDays = 30;
    public const int ArtifactsInfrequentAccessDays = 30;
    public const int ArtifactsGlacierDays = 90;

    public StorageStack(Construct scope, string id, DeploymentSettings settings, IStackProps? props = null) : base(scope, id, props)
    {
        Input = new Bucket(this, "Input", Private(new BucketProps
        {
            LifecycleRules = [new LifecycleRule { Id = "expire-uploads", Enabled = true, Expiration = Duration.Days(InputExpirationDays), AbortIncompleteMultipartUploadAfter = Duration.Days(1) }],
            // The page PUTs the file's bytes to the presigned URL itself (XMLHttpRequest, with upload progress).
            Cors = [new CorsRule
            {
                AllowedOrigins = [settings.WebOrigin],
                AllowedMethods = [HttpMethods.PUT],
                AllowedHeaders = ["Content-Type", "Content-Length", "If-None-Match"],
                ExposedHeaders = ["ETag"],
                MaxAge = 3600,
            }],
        }));
        if (settings.AutoTrigger)
        {
            // EventBridge carries "Object Created" to the s3-event function: no notification pointing across stacks. Set on
            // the CloudFormation resource: the L2 property adds a custom resource allowed s3:PutBucketNotification on "*".
            ((CfnBucket)Input.Node.DefaultChild!).NotificationConfiguration = new CfnBucket.NotificationConfigurationProperty
            {
                EventBridgeConfiguration = new CfnBucket.EventBridgeConfigurationProperty { EventBridgeEnabled = true },
            };
        }

        Output = new Bucket(this, "Output", Private(new BucketProps
        {
            // Downloads are page navigations to the presigned URL, which need no CORS; nothing else reads this bucket cross-origin.
            LifecycleRules =
            [
                new LifecycleRule { Id = "abort-incomplete-uploads", Enabled = true, AbortIncompleteMultipartUploadAfter = Duration.Days(1) },
                // What a killed Glue run leaves of its parts (a run that ends deletes them itself).
                new LifecycleRule { Id = "expire-glue-parts", Enabled = true, Prefix = "_tmp/", Expiration = Duration.Days(1) },
            ],
        }));
        Artifacts = new Bucket(this, "Artifacts", Private(new BucketProps
        {
            Versioned = true,
            LifecycleRules =
            [
                new LifecycleRule
                {
                    Id = "runs-to-colder-storage",
                    Enabled = true,
                    Prefix = "runs/",
                    Transitions =
                    [
                        new Transition { StorageClass = StorageClass.INFREQUENT_ACCESS, TransitionAfter = Duration.Days(ArtifactsInfrequentAccessDays) },
                        new Transition { StorageClass = StorageClass.GLACIER, TransitionAfter = Duration.Days(ArtifactsGlacierDays) },
                    ],
                    NoncurrentVersionTransitions =
                    [
                        new NoncurrentVersionTransition { StorageClass = StorageClass.GLACIER, TransitionAfter = Duration.Days(ArtifactsInfrequentAccessDays) },
                    ],
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                },
            ],
            // The page reads a job's profile, inferred schema and agent run log with fetch() from their presigned URLs.
            Cors = [new CorsRule
            {
                AllowedOrigins = [settings.WebOrigin],
                AllowedMethods = [HttpMethods.GET, HttpMethods.HEAD],
                AllowedHeaders = ["Accept"],
                MaxAge = 3600,
            }],
        }));

        new CfnOutput(this, "InputBucketName", new CfnOutputProps { Value = Input.BucketName, Description = "Uploads (uploads/{jobId}/…), kept 30 days." });
        new CfnOutput(this, "OutputBucketName", new CfnOutputProps { Value = Output.BucketName, Description = "Converted files (output/{jobId}/…)." });
        new CfnOutput(this, "ArtifactsBucketName", new CfnOutputProps { Value = Artifacts.BucketName, Description = "Profiles, schemas, tables, changes, DDL and agent runs (runs/…)." });
    }

    public Bucket Input { get; }

    public Bucket Output { get; }

    public Bucket Artifacts { get; }

    private static BucketProps Private(BucketProps props)
    {
        props.BlockPublicAccess = BlockPublicAccess.BLOCK_ALL;
        props.EnforceSSL = true;
        props.Encryption = BucketEncryption.S3_MANAGED;
        props.ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED;
        props.RemovalPolicy = RemovalPolicy.RETAIN;
        return props;
    }
}
