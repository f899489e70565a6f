using Amazon.CDK;

namespace Etl.Infra;

public static class Program
{
    public static void Main()
    {
        var app = new App();
        app.Synth();
    }
}
