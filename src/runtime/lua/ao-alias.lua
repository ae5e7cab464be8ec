-- ao: the same table as `.ao`.
return require(".ao")
