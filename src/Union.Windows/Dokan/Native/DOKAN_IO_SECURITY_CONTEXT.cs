// Mirrors of DOKAN_IO_SECURITY_CONTEXT, DOKAN_ACCESS_STATE (sys/public.h) and UNICODE_STRING, as ZwCreateFile receives them.
// x64 sizes: UNICODE_STRING 16, DOKAN_ACCESS_STATE 64, DOKAN_IO_SECURITY_CONTEXT 72.
using System.Runtime.InteropServices;

namespace Union.Windows.Dokan.Native;

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct UNICODE_STRING
{
    // Both lengths are in bytes, not characters; Buffer is not NUL-terminated.
    public ushort Length;
    public ushort MaximumLength;
    public char* Buffer;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct DOKAN_ACCESS_STATE
{
    public byte SecurityEvaluated;
    public byte GenerateAudit;
    public byte GenerateOnClose;
    public byte AuditPrivileges;
    public uint Flags;
    public uint RemainingDesiredAccess;
    public uint PreviouslyGrantedAccess;
    public uint OriginalDesiredAccess;
    // Self-relative SD the creator asked for (new files only), or null.
    public void* SecurityDescriptor;
    public UNICODE_STRING ObjectName;
    public UNICODE_STRING ObjectType;
}

[StructLayout(LayoutKind.Sequential)]
internal struct DOKAN_IO_SECURITY_CONTEXT
{
    public DOKAN_ACCESS_STATE AccessState;
    public uint DesiredAccess;
}
