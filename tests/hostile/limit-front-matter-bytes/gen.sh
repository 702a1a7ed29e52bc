# Front matter over 1 MB (LIMIT_FRONT_MATTER_BYTES) in a lesson well
# under the file limit.
mkdir -p course
{ printf -- '---\ntitle: Big front\n'; awk 'BEGIN { for (i = 0; i < 20000; i++) printf "key%d: padding padding padding padding padding pad\n", i }'; printf -- '---\n\nBody.\n'; } > course/01_front.md
