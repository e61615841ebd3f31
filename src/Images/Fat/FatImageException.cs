using System;

namespace Minix3.Cosmos.Images.Fat;

// A tree or an option the volume cannot hold. `Subject` names what is wrong
// (a host file, a path in the volume, or the image), so the build tool can
// print it as the file of an MSBuild error.
public sealed class FatImageException(string subject, string message) : Exception(message)
{
    public string Subject { get; } = subject;
}
