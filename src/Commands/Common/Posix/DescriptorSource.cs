using System;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Common;

// An IByteSource on an open file descriptor.
public sealed class DescriptorSource : IByteSource
{
    public DescriptorSource(int descriptor) { Descriptor = descriptor; }

    public int Descriptor { get; }

    public int Read(Span<byte> buffer) => Files.Read(Descriptor, buffer);
}
