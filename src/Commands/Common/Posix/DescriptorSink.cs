using System;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Common;

// An OutputBuffer's sink on an open file descriptor.
public sealed class DescriptorSink : IByteSink
{
    public DescriptorSink(int descriptor) { Descriptor = descriptor; }

    public int Descriptor { get; }

    public int Write(ReadOnlySpan<byte> data) => Files.Write(Descriptor, data);
}
