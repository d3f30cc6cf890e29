using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Web3Auth.AspNetCore.Tests;

public partial class ReadmeQuickStartTests
{
    [Fact]
    public async Task The_readme_quick_start_compiles_when_pasted_into_a_new_web_project()
    {
        var root = RepositoryRoot();
        var readme = await File.ReadAllTextAsync(Path.Combine(root, "README.md"));
        var quickStart = readme[readme.IndexOf("## Quick start", StringComparison.Ordinal)..];
        var code = CSharpBlock().Match(quickStart).Groups["code"].Value;
        Assert.Contains("AddWeb3SessionKeys", code, StringComparison.Ordinal);

        var project = Directory.CreateTempSubdirectory("web3auth-readme-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(project.FullName, "Program.cs"), code);
            await File.WriteAllTextAsync(Path.Combine(project.FullName, "QuickStart.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{Path.Combine(root, "src", "Web3Auth.AspNetCore", "Web3Auth.AspNetCore.csproj")}" />
                  </ItemGroup>
                </Project>
                """);

            var start = new ProcessStartInfo("dotnet", ["build", "--nologo", "-v", "quiet", "-p:TreatWarningsAsErrors=false"])
            {
                WorkingDirectory = project.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var build = Process.Start(start)!;
            var output = await build.StandardOutput.ReadToEndAsync() + await build.StandardError.ReadToEndAsync();
            await build.WaitForExitAsync();

            Assert.True(build.ExitCode == 0, "The README quick start does not compile:\n" + output);
        }
        finally
        {
            project.Delete(recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Web3Auth.AspNetCore.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
