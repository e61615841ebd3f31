using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // Close, Dup, Dup2 and Pipe: the caller's descriptor table only.
    internal static unsafe class DescriptorHandler
    {
        public static int Close(Server server, Message* request) =>
            server.CloseDescriptor(server.Caller(request), VfsDescriptorRequest.Of(request)->Descriptor);

        // fd -> the lowest free descriptor, naming the same open file.
        public static int Dup(Server server, Message* request, Message* reply)
        {
            int status = server.Descriptor(request, VfsDescriptorRequest.Of(request)->Descriptor, out OpenFile file);
            if (status != Status.Ok)
                return status;
            int fd = server.Caller(request).Descriptors.Install(file);
            if (fd < 0)
                return fd;
            VfsDescriptorReply.Of(reply)->Descriptor = fd;
            return Status.Ok;
        }

        // fd, Target -> Target, closed first if open (nothing happens when
        // they are the same).
        public static int Dup2(Server server, Message* request, Message* reply)
        {
            VfsDescriptorRequest* asked = VfsDescriptorRequest.Of(request);
            int status = server.Descriptor(request, asked->Descriptor, out OpenFile file);
            if (status != Status.Ok)
                return status;
            long target = asked->Target;
            if (!DescriptorTable.InRange(target))
                return VfsStatus.BadDescriptor;
            ProcessFiles process = server.Caller(request);
            if (target != asked->Descriptor)
            {
                if (process.Descriptors.Get(target) != null)
                    server.CloseDescriptor(process, target);
                process.Descriptors.InstallAt((int)target, file);
            }
            VfsDescriptorReply.Of(reply)->Descriptor = target;
            return Status.Ok;
        }

        // -> the read end (Descriptor) and the write end; Busy when VFS holds
        // its most pipes, TooManyOpen without two free descriptors.
        public static int Pipe(Server server, Message* request, Message* reply)
        {
            DescriptorTable descriptors = server.Caller(request).Descriptors;
            PipeBuffer? pipe = server.Pipes.Create();
            if (pipe == null)
                return VfsStatus.Busy;
            OpenFile read = OpenFile.ForPipe(pipe, true), write = OpenFile.ForPipe(pipe, false);
            int readEnd = descriptors.Install(read);
            int writeEnd = readEnd < 0 ? readEnd : descriptors.Install(write);
            if (writeEnd < 0)
            {
                // Undo: both ends closed, the pipe forgotten.
                if (readEnd >= 0)
                    descriptors.Remove(readEnd, out bool _);
                else
                    read.DropUnused();
                write.DropUnused();
                server.Pipes.Released(write);
                return writeEnd;
            }
            VfsDescriptorReply.Of(reply)->Descriptor = readEnd;
            VfsDescriptorReply.Of(reply)->WriteEnd = writeEnd;
            return Status.Ok;
        }
    }
}
