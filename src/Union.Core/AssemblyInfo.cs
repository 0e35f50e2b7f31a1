// Union.Core: the platform-neutral merge engine. It knows nothing of FUSE or Dokan.
[assembly: System.CLSCompliant(false)]
[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]
