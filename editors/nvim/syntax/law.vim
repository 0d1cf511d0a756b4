" Syntax of lexgap's .law files (docs/language.md); the same scopes as the VS Code grammar.
if exists('b:current_syntax') && b:current_syntax !=# 'bill'
  finish
endif

syn case match
syn match lawComment /#.*$/ contains=@Spell
syn region lawString start=/"/ skip=/\\[\\"]/ end=/"/ oneline
syn match lawDate /\<\d\{4}-\d\{2}-\d\{2}\>/
syn match lawDuration /\<\(\d\+[ymd]\)\+\>/
syn match lawUnknown /?/
syn match lawOperator /\.\.\|>=\|<=\|[<>+=]/
syn keyword lawHeader act title jurisdiction version source language rendering verified note
syn keyword lawEntry offence define rule classify reads measure see repealed
syn keyword lawFacet conduct object circumstance mental requires
syn keyword lawOffence penalty aggravates mitigates expressly class retention
syn keyword lawWord covers when listed as including one of or and always max prison fine life yes partly no official unofficial
syn match lawUnit /^\s*\(part\|chapter\|article\|para\|point\)\>/ nextgroup=lawNumber skipwhite
syn match lawNumber /[^ \t"#]\+/ contained
" `text LANG:` and its continuation lines (indented more than `text`): text, `#` included.
syn region lawText matchgroup=lawTextKey start=/^\z(\s*\)text\s\+[A-Za-z][A-Za-z0-9-]*:/ end=/^\ze\(\z1\s\+\S\)\@!/ contains=NONE

hi def link lawComment Comment
hi def link lawString String
hi def link lawText String
hi def link lawTextKey Keyword
hi def link lawDate Number
hi def link lawDuration Number
hi def link lawUnknown Special
hi def link lawOperator Operator
hi def link lawHeader Keyword
hi def link lawEntry Statement
hi def link lawFacet Type
hi def link lawOffence Keyword
hi def link lawWord Operator
hi def link lawUnit Structure
hi def link lawNumber Identifier

if !exists('b:current_syntax')
  let b:current_syntax = 'law'
endif
