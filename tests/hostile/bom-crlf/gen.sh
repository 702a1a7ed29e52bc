# A UTF-8 BOM and CRLF line endings everywhere: common from Windows
# editors, and must build like any other lesson.
mkdir -p course
printf '\357\273\277---\r\ntitle: Windows Lesson\r\ndescription: Saved with CRLF\r\n---\r\n\r\n# Windows Lesson\r\n\r\nA paragraph with CRLF endings.\r\n\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n\r\n```python\r\nprint("crlf")\r\n```\r\n\r\n## Second part\r\n\r\nSee [the first part](#windows-lesson).\r\n' > course/01_win.md
printf '\357\273\277- name: CRLF Course\r\n  author: Tester\r\n  content:\r\n  - section:\r\n      name: Only\r\n      content:\r\n      - 01_win.md\r\n' > course/course.yml
